package ptj.slurmrunner.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.results.ResultSpec;
import ptj.slurmrunner.results.ResultSummary;

/**
 * Where a sweep task's summary metrics come from. A task is named {@code ARRAYID_INDEX} ({@code 812_3}) and writes
 * e.g. {@code data/results/backtests/backtest_v5_812_3_summary.json}; {@code make slurm-collect} reports that path per
 * task. Reading and the profile's chosen metric go through the results package (RESULTS_SUMMARY, RESULTS_METRIC),
 * the same reader as a single job's result card.
 */
public final class SweepSummaries {
    /** The comparison's default order when a profile names no metric. */
    public static final String DEFAULT_METRIC = "sharpe";

    private SweepSummaries() {}

    /**
     * The numeric fields of one task's summary file (relative to the project), in file order; empty when the task
     * wrote none or the file is not a JSON object. Paths leaving the project are not read.
     */
    public static Map<String, Double> metrics(Path projectDir, String relPath) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (relPath == null || relPath.isBlank()) return out;
        Path root = projectDir.toAbsolutePath().normalize();
        Path file = root.resolve(relPath).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) return out;
        try {
            ResultSummary s = ResultSummary.read(file);
            for (String key : s.values().keySet()) s.number(key).ifPresent(v -> out.put(key, v));
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The metric a profile's sweep is sorted by: its RESULTS_METRIC when valid, else sharpe. */
    public static String metricOf(Path projectDir, String profile) {
        if (profile == null) return DEFAULT_METRIC;
        String m = ResultSpec.of(new ProfileCatalog(projectDir).keys(profile)).metric();
        return m == null ? DEFAULT_METRIC : m;
    }
}
