package ptj.slurmrunner.results;

import java.util.ArrayList;
import java.util.List;
import ptj.slurmrunner.messages.Messages;

/**
 * The metrics of the last collected runs of one profile side by side (action {@code compare}): one row per run,
 * oldest first, the columns the profile's metric first; and a chart of that metric over the runs.
 */
public record CompareReport(String profile, String metric, List<String> columns, List<Row> rows,
                            ResultReport.ResultsChart chart) {

    /** One run: job id, when it was collected, the values as shown (same order as {@code columns}). */
    public record Row(String jobId, String collectedAt, List<String> values) {}

    public CompareReport {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The runs as aligned text lines, a header line first ("Job  sharpe  totalReturn …"). */
    public List<String> table() {
        List<String> head = new ArrayList<>();
        head.add("Job");
        head.addAll(columns);
        List<List<String>> cells = new ArrayList<>();
        cells.add(head);
        for (Row r : rows) {
            List<String> line = new ArrayList<>();
            line.add(r.jobId());
            line.addAll(r.values());
            cells.add(line);
        }
        int[] w = new int[head.size()];
        for (List<String> line : cells) {
            for (int i = 0; i < line.size(); i++) w[i] = Math.max(w[i], line.get(i).length());
        }
        List<String> out = new ArrayList<>();
        for (List<String> line : cells) {
            StringBuilder l = new StringBuilder();
            for (int i = 0; i < line.size(); i++) l.append(ResultReport.pad(line.get(i), w[i] + 2));
            out.add(l.toString().stripTrailing());
        }
        return out;
    }

    public String text() {
        if (rows.isEmpty()) return Messages.get("results.compare.none", profile);
        StringBuilder sb = new StringBuilder(Messages.get("results.compare.head", profile, rows.size()));
        for (String line : table()) sb.append("\n  ").append(line);
        if (metric != null) sb.append("\n  ").append(Messages.get("results.compare.metric", metric));
        if (chart != null) sb.append("\n  ").append(Messages.get("results.report.chart", chart.savedPath()));
        return sb.toString();
    }
}
