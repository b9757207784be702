package ptj.slurmrunner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a sweep task's summary metrics come from. A task is named {@code ARRAYID_INDEX} ({@code 812_3}) and writes
 * e.g. {@code data/results/backtests/backtest_v5_812_3_summary.json}; {@code make slurm-collect} reports that path per
 * task. Reading goes through {@link #metrics} alone, so the profile keys RESULTS_SUMMARY/RESULTS_METRIC and their
 * shared reader can take over in one place.
 */
public final class SweepSummaries {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The comparison's default order when a profile names no metric. */
    public static final String DEFAULT_METRIC = "sharpe";

    private SweepSummaries() {}

    /**
     * The numeric top-level fields of one task's summary file (relative to the project), in file order; empty when
     * the task wrote none or the file is not a JSON object. Paths leaving the project are not read.
     */
    public static Map<String, Double> metrics(Path projectDir, String relPath) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (relPath == null || relPath.isBlank()) return out;
        Path root = projectDir.toAbsolutePath().normalize();
        Path file = root.resolve(relPath).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) return out;
        try {
            JsonNode j = JSON.readTree(file.toFile());
            if (j == null || !j.isObject()) return out;
            j.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) out.put(e.getKey(), e.getValue().asDouble());
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The metric a profile's sweep is sorted by: its RESULTS_METRIC line when there is one, else sharpe. */
    public static String metricOf(Path projectDir, String profile) {
        if (profile == null) return DEFAULT_METRIC;
        Path conf = projectDir.resolve("slurm/profiles/" + profile + ".conf");
        try {
            List<String> lines = Files.isRegularFile(conf) ? Files.readAllLines(conf) : List.of();
            Optional<String> m = lines.stream().map(String::strip).filter(l -> l.startsWith("RESULTS_METRIC="))
                .map(l -> l.substring("RESULTS_METRIC=".length()).strip())
                .filter(v -> v.matches("[A-Za-z][A-Za-z0-9_]{0,63}")).reduce((a, b) -> b);
            return m.orElse(DEFAULT_METRIC);
        } catch (IOException e) {
            return DEFAULT_METRIC;
        }
    }
}
