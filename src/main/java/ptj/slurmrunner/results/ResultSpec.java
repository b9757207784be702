package ptj.slurmrunner.results;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a profile says about its results (docs/results.md): {@code RESULTS_SUMMARY} (a flat JSON of metrics the job
 * writes, path with {@code {JOBID}}), {@code RESULTS_CHART} (see {@link ChartSpec}) and {@code RESULTS_METRIC}, the
 * metric the profile is judged by ({@code sharpe}: higher is better; {@code maxDrawdown:lower}: lower is better).
 * Paths are relative, under {@code data/results/}, without {@code ..}: a profile cannot point the bot at other files.
 */
public record ResultSpec(String summary, ChartSpec chart, String metric, boolean lowerIsBetter) {
    static final Pattern RESULT_PATH = Pattern.compile("data/results/[A-Za-z0-9_.{}/-]+");
    private static final Pattern METRIC = Pattern.compile("([A-Za-z][A-Za-z0-9_.]{0,63})(?::(higher|lower))?");

    public static final ResultSpec NONE = new ResultSpec(null, null, null, false);

    /** From a profile's raw keys; malformed values are dropped (the profile still runs, it only shows less). */
    public static ResultSpec of(Map<String, String> keys) {
        String summary = keys.get("RESULTS_SUMMARY");
        if (!validPath(summary)) summary = null;
        ChartSpec chart = ChartSpec.parse(keys.get("RESULTS_CHART")).orElse(null);
        String metric = null;
        boolean lower = false;
        String m = keys.get("RESULTS_METRIC");
        if (m != null) {
            var mm = METRIC.matcher(m.strip());
            if (mm.matches()) {
                metric = mm.group(1);
                lower = "lower".equals(mm.group(2));
            }
        }
        return new ResultSpec(summary, chart, metric, lower);
    }

    static boolean validPath(String p) {
        return p != null && RESULT_PATH.matcher(p).matches() && !p.contains("..");
    }

    /** The summary file of one job on the bot's host, if the profile names one. */
    public Optional<Path> summaryPath(Path projectDir, String jobId) {
        return summary == null ? Optional.empty() : Optional.of(projectDir.resolve(withJob(summary, jobId)));
    }

    static String withJob(String template, String jobId) {
        return template.replace("{JOBID}", jobId);
    }
}
