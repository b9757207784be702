package ptj.slurmrunner.results;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code RESULTS_CHART=KIND:CSV:Y[:X]} — which chart a collected run gets.
 * <ul>
 *   <li>{@code line:data/results/backtests/backtest_v5_{JOBID}_trades.csv:cumReturn} — column Y over the CSV's rows
 *       (x = row number, or column X when given, e.g. the exit date);</li>
 *   <li>{@code bar:data/results/analysis/exit_params_{JOBID}.csv:sharpe:stopLoss+takeProfit} — one bar per row, the
 *       label made of the X columns joined by {@code /} (a metric per parameter).</li>
 * </ul>
 */
public record ChartSpec(Kind kind, String csv, String y, List<String> x) {
    public enum Kind { LINE, BAR }

    private static final Pattern COLUMN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    public static Optional<ChartSpec> parse(String spec) {
        if (spec == null || spec.isBlank()) return Optional.empty();
        String[] p = spec.strip().split(":", -1);
        if (p.length < 3 || p.length > 4) return Optional.empty();
        Kind kind;
        switch (p[0]) {
            case "line" -> kind = Kind.LINE;
            case "bar" -> kind = Kind.BAR;
            default -> { return Optional.empty(); }
        }
        if (!ResultSpec.validPath(p[1]) || !p[1].endsWith(".csv") || !COLUMN.matcher(p[2]).matches()) {
            return Optional.empty();
        }
        List<String> x = p.length == 4 ? List.of(p[3].split("\\+")) : List.of();
        if (x.stream().anyMatch(c -> !COLUMN.matcher(c).matches())) return Optional.empty();
        if (kind == Kind.BAR && x.isEmpty()) return Optional.empty();
        return Optional.of(new ChartSpec(kind, p[1], p[2], x));
    }

    public Path csvPath(Path projectDir, String jobId) {
        return projectDir.resolve(ResultSpec.withJob(csv, jobId));
    }
}
