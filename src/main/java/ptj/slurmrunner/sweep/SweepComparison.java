package ptj.slurmrunner.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import ptj.slurmrunner.messages.Messages;

/**
 * The tasks of a collected sweep side by side: one row per task with its swept arguments and summary metrics,
 * sorted by the profile's metric, best first (lower is better for drawdowns and losses); tasks without a summary
 * (failed, cancelled) last. Bounded: at most {@link #MAX_ROWS} rows and {@link #MAX_COLUMNS} metrics.
 */
public final class SweepComparison {
    static final int MAX_ROWS = 20;
    static final int MAX_COLUMNS = 5;
    /** Columns shown after the chosen metric, when the summaries have them. */
    private static final List<String> PREFERRED = List.of("totalReturn", "sharpe", "maxDrawdown", "winRate", "trades");

    /** One task: {@code metrics} empty when it wrote no summary. */
    public record Row(int index, String jobId, String args, String state, Map<String, Double> metrics) {}

    private SweepComparison() {}

    public static boolean lowerIsBetter(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return m.contains("drawdown") || m.contains("loss") || m.contains("error");
    }

    /** Rows sorted best first by {@code metric}; rows without the metric keep index order after the others. */
    public static List<Row> sorted(List<Row> rows, String metric) {
        Comparator<Double> byValue = lowerIsBetter(metric) ? Comparator.naturalOrder() : Comparator.reverseOrder();
        List<Row> with = new ArrayList<>(rows.stream().filter(r -> r.metrics().containsKey(metric)).toList());
        with.sort(Comparator.comparing((Row r) -> r.metrics().get(metric), byValue).thenComparingInt(Row::index));
        List<Row> out = new ArrayList<>(with);
        rows.stream().filter(r -> !r.metrics().containsKey(metric)).sorted(Comparator.comparingInt(Row::index))
            .forEach(out::add);
        return out;
    }

    /** The Korean table for the console and Slack (as text). */
    public static String table(String profile, String arrayId, List<Row> rows, String metric) {
        List<Row> order = sorted(rows, metric);
        Set<String> cols = new LinkedHashSet<>();
        cols.add(metric);
        for (String p : PREFERRED) {
            if (cols.size() >= MAX_COLUMNS) break;
            if (rows.stream().anyMatch(r -> r.metrics().containsKey(p))) cols.add(p);
        }
        List<String[]> cells = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of(Messages.get("sweep.table.rank"), "Task", Messages.get("sweep.table.args")));
        head.addAll(cols);
        cells.add(head.toArray(String[]::new));
        int rank = 0;
        int shown = 0;
        for (Row r : order) {
            if (shown++ >= MAX_ROWS) break;
            List<String> line = new ArrayList<>();
            boolean has = r.metrics().containsKey(metric);
            line.add(has ? Integer.toString(++rank) : "-");
            line.add(r.jobId());
            line.add(r.args());
            if (r.metrics().isEmpty()) {
                line.add(Messages.get("sweep.table.no_summary", r.state()));
            } else {
                for (String c : cols) line.add(format(r.metrics().get(c)));
            }
            cells.add(line.toArray(String[]::new));
        }
        StringBuilder b = new StringBuilder(Messages.get("sweep.table.header", profile, arrayId, metric,
            Messages.get(lowerIsBetter(metric) ? "sweep.table.lower" : "sweep.table.higher")));
        int[] width = new int[head.size()];
        for (String[] row : cells) {
            // a task without a summary has one free-text cell at the end: it does not widen a metric's column
            int sized = row.length < width.length ? row.length - 1 : row.length;
            for (int i = 0; i < sized && i < width.length; i++) width[i] = Math.max(width[i], columns(row[i]));
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                boolean last = i == row.length - 1 || i >= width.length;
                line.append(row[i]);
                if (!last) line.append(" ".repeat(width[i] - columns(row[i]) + 2));
            }
            b.append('\n').append(line.toString().stripTrailing());
        }
        if (order.size() > MAX_ROWS) b.append('\n').append(Messages.get("sweep.table.more", order.size() - MAX_ROWS));
        return b.toString();
    }

    /** Terminal columns of a cell: Hangul and other wide characters take two. */
    static int columns(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean wide = cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x1F300 && cp <= 0x1FAFF));
            n += wide ? 2 : 1;
        }
        return n;
    }

    static String format(Double v) {
        if (v == null) return "-";
        if (v == Math.rint(v) && Math.abs(v) < 1e9) return Long.toString(v.longValue());
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
