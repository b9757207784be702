package ptj.slurmrunner.results;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.config.Profile;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.messages.Messages;

/**
 * Results come to the person: after a collect, read the job's summary and chart CSV that the profile names
 * ({@link ResultSpec}), compare with the previous collected run, remember this one ({@link ResultHistory}), draw the
 * chart ({@link ChartRenderer}) and save it under {@code STATE_DIR/results/charts/}. No Slack here: both front ends
 * render the {@link ResultReport}. Never throws for a missing or malformed file — the report says what is missing.
 */
public final class Results {
    private static final Logger log = LoggerFactory.getLogger(Results.class);
    /** How many metrics a report shows (the profile's metric first). */
    static final int MAX_METRICS = 12;
    static final int MAX_FILES = 20;
    public static final int COMPARE_RUNS = 10;
    /** Keys that identify the run rather than measure it. */
    private static final Set<String> ID_KEYS = Set.of("job", "jobId");

    private final Path projectDir;
    private final Path chartsDir;
    private final ProfileCatalog catalog;
    private final ResultHistory history;
    private final ChartRenderer renderer;
    private final Clock clock;

    public Results(Path projectDir, Path stateDir, ChartRenderer renderer, Clock clock) {
        this.projectDir = projectDir;
        this.chartsDir = stateDir.resolve("results").resolve("charts");
        this.catalog = new ProfileCatalog(projectDir);
        this.history = new ResultHistory(stateDir);
        this.renderer = renderer;
        this.clock = clock;
    }

    /** Lazily-fonted default: the renderer looks for a Korean font once. */
    public static Results forProject(Path projectDir, Path stateDir) {
        return new Results(projectDir, stateDir, new ChartRenderer(), Clock.systemUTC());
    }

    /** The chart renderer (a sweep's chart is drawn with the same fonts and sizes). */
    public ChartRenderer renderer() {
        return renderer;
    }

    public ResultSpec spec(String profile) {
        return ResultSpec.of(catalog.keys(profile));
    }

    /** The report for a job just collected (its files are on this host now). */
    public ResultReport afterCollect(String profile, String jobId) {
        ResultSpec spec = spec(profile);
        List<String> notes = new ArrayList<>();
        List<ResultReport.FileInfo> files = files(profile, jobId);
        ResultSummary summary = null;
        Optional<Path> summaryPath = spec.summaryPath(projectDir, jobId);
        if (summaryPath.isEmpty()) {
            notes.add(Messages.get("results.note.no_summary_key", profile));
        } else if (!Files.isRegularFile(summaryPath.get())) {
            notes.add(Messages.get("results.note.summary_missing", projectDir.relativize(summaryPath.get())));
        } else {
            try {
                summary = ResultSummary.read(summaryPath.get());
            } catch (IOException e) {
                notes.add(Messages.get("results.note.summary_bad", projectDir.relativize(summaryPath.get())));
            }
        }
        List<ResultReport.MetricRow> rows = new ArrayList<>();
        String previousJob = null;
        if (summary != null) {
            Optional<ResultHistory.Run> prev = history.previous(profile, jobId);
            history.record(profile, new ResultHistory.Run(jobId, clock.instant().toString(), summary));
            previousJob = prev.map(ResultHistory.Run::jobId).orElse(null);
            for (String key : order(summary, spec.metric())) {
                rows.add(row(key, summary, prev.map(ResultHistory.Run::summary).orElse(null), spec));
            }
        }
        ResultReport.ResultsChart chart = null;
        if (spec.chart() != null) {
            Path csv = spec.chart().csvPath(projectDir, jobId);
            if (!Files.isRegularFile(csv)) {
                notes.add(Messages.get("results.note.csv_missing", projectDir.relativize(csv)));
            } else {
                try {
                    chart = save(renderer.render(spec.chart(), csv, profile, jobId));
                } catch (IOException | RuntimeException e) {
                    log.warn("chart of {} job {} failed: {}", profile, jobId, e.toString());
                    notes.add(Messages.get("results.note.chart_failed", e.getClass().getSimpleName()));
                }
            }
        }
        return new ResultReport(profile, jobId, files, rows, previousJob, chart, notes);
    }

    /** The last {@code n} collected runs of a profile side by side, with a chart of the profile's metric. */
    public CompareReport compare(String profile, int n) {
        ResultSpec spec = spec(profile);
        List<ResultHistory.Run> runs = history.recent(profile, Math.max(1, n));
        Set<String> cols = new LinkedHashSet<>();
        if (spec.metric() != null) cols.add(spec.metric());
        for (ResultHistory.Run r : runs) {
            for (var e : r.summary().values().entrySet()) {
                if (!ID_KEYS.contains(e.getKey()) && r.summary().number(e.getKey()).isPresent()) cols.add(e.getKey());
            }
        }
        List<String> columns = cols.stream().limit(6).toList();
        List<CompareReport.Row> rows = new ArrayList<>();
        for (ResultHistory.Run r : runs) {
            List<String> values = new ArrayList<>();
            for (String c : columns) values.add(ResultSummary.format(r.summary().values().get(c)));
            rows.add(new CompareReport.Row(r.jobId(), r.collectedAt(), values));
        }
        String metric = spec.metric() != null ? spec.metric() : columns.isEmpty() ? null : columns.get(0);
        ResultReport.ResultsChart chart = null;
        if (metric != null && runs.size() > 1) {
            try {
                chart = save(renderer.compare(profile, runs, metric));
            } catch (IOException | RuntimeException e) {
                log.warn("compare chart of {} failed: {}", profile, e.toString());
            }
        }
        return new CompareReport(profile, metric, columns, rows, chart);
    }

    /**
     * The file the "CSV 받기" button sends: the chart's CSV of that job, else its summary. Only paths the profile
     * names under data/results/, only after collect put them here.
     */
    public Optional<ResultReport.FileInfo> downloadable(String profile, String jobId) {
        if (!ProfileCatalog.NAME.matcher(String.valueOf(profile)).matches() || jobId == null
                || !jobId.matches("[0-9]{1,12}(_[0-9]{1,6})?")) {
            return Optional.empty();
        }
        ResultSpec spec = spec(profile);
        List<Path> candidates = new ArrayList<>();
        if (spec.chart() != null) candidates.add(spec.chart().csvPath(projectDir, jobId));
        spec.summaryPath(projectDir, jobId).ifPresent(candidates::add);
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return Optional.of(info(p));
        }
        return Optional.empty();
    }

    /** Files of this job under the profile's RESULTS_PULL dirs (names holding the job id as a whole number). */
    List<ResultReport.FileInfo> files(String profile, String jobId) {
        Profile p = catalog.find(profile).orElse(null);
        if (p == null) return List.of();
        Pattern mine = Pattern.compile("(^|[^0-9])" + Pattern.quote(jobId) + "([^0-9]|$)");
        List<ResultReport.FileInfo> out = new ArrayList<>();
        for (String dir : p.resultsPull()) {
            Path d = projectDir.resolve(dir);
            if (!dir.startsWith("data/results/") || dir.contains("..") || !Files.isDirectory(d)) continue;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
                for (Path f : s) {
                    if (out.size() >= MAX_FILES) break;
                    if (Files.isRegularFile(f) && mine.matcher(f.getFileName().toString()).find()) out.add(info(f));
                }
            } catch (IOException e) {
                log.warn("cannot list {}: {}", d, e.toString());
            }
        }
        out.sort((a, b) -> a.path().compareTo(b.path()));
        return out;
    }

    private ResultReport.FileInfo info(Path f) {
        long size;
        try {
            size = Files.size(f);
        } catch (IOException e) {
            size = -1;
        }
        return new ResultReport.FileInfo(projectDir.relativize(f).toString(), size, f.toAbsolutePath().toString());
    }

    private ResultReport.ResultsChart save(Optional<ChartRenderer.Chart> chart) throws IOException {
        if (chart.isEmpty()) return null;
        Files.createDirectories(chartsDir);
        Path out = chartsDir.resolve(chart.get().filename());
        Files.write(out, chart.get().png());
        log.info("chart {} rendered in {} ms, {} bytes", out.getFileName(), chart.get().renderMillis(),
            chart.get().png().length);
        return new ResultReport.ResultsChart(chart.get(), out.toString());
    }

    private static List<String> order(ResultSummary s, String metric) {
        List<String> keys = new ArrayList<>();
        if (metric != null && s.values().containsKey(metric)) keys.add(metric);
        for (boolean numbers : new boolean[] {true, false}) { // figures first, then texts (dates, names)
            for (String k : s.values().keySet()) {
                if (keys.size() >= MAX_METRICS) return keys;
                if (!ID_KEYS.contains(k) && !keys.contains(k) && s.number(k).isPresent() == numbers) keys.add(k);
            }
        }
        return keys;
    }

    private static ResultReport.MetricRow row(String key, ResultSummary now, ResultSummary before, ResultSpec spec) {
        Object v = now.values().get(key);
        boolean primary = key.equals(spec.metric());
        Optional<Double> n = now.number(key);
        Optional<Double> b = before == null ? Optional.empty() : before.number(key);
        if (n.isEmpty() || b.isEmpty()) {
            return new ResultReport.MetricRow(key, ResultSummary.format(v), null, null, primary, null);
        }
        double diff = n.get() - b.get();
        Boolean better = primary && diff != 0 ? ResultSummary.better(n.get(), b.get(), spec.lowerIsBetter()) : null;
        return new ResultReport.MetricRow(key, ResultSummary.format(v),
            ResultSummary.format(before.values().get(key)), ResultSummary.formatDiff(diff), primary, better);
    }

    /** For the sweep helper and tests: the history this service keeps. */
    public ResultHistory history() {
        return history;
    }

}
