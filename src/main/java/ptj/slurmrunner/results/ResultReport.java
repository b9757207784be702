package ptj.slurmrunner.results;

import java.util.List;
import ptj.slurmrunner.messages.Messages;

/**
 * What came back from one collected job, for both front ends: the files (name, size, where on the bot's host), the
 * key metrics each compared with the previous collected run of the profile, and the chart. {@link #text()} is the
 * console's rendering; Slack builds a card from the same values.
 */
public record ResultReport(String profile, String jobId, List<FileInfo> files, List<MetricRow> metrics,
                           String previousJobId, ResultsChart chart, List<String> notes) {

    /** A pulled file of this job: path relative to the project, size in bytes, absolute local path. */
    public record FileInfo(String path, long size, String localPath) {
        public String sizeText() {
            return ResultReport.sizeText(size);
        }
    }

    /**
     * One metric: its name, the value as shown, the previous run's value and the difference as shown (null when there
     * is nothing to compare), and whether it is the profile's metric and got better (null: no direction known).
     */
    public record MetricRow(String key, String value, String previous, String diff, boolean primary, Boolean better) {}

    /** The chart as rendered and where it was saved (the console prints the path, Slack uploads the bytes). */
    public record ResultsChart(ChartRenderer.Chart chart, String savedPath) {}

    public ResultReport {
        files = List.copyOf(files);
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
    }

    public String text() {
        StringBuilder sb = new StringBuilder(Messages.get("results.report.head", profile, jobId));
        if (metrics.isEmpty()) {
            sb.append("\n  ").append(Messages.get("results.report.no_metrics"));
        } else {
            int w = metrics.stream().mapToInt(m -> m.key().length()).max().orElse(8);
            int vw = metrics.stream().mapToInt(m -> m.value().length()).max().orElse(6);
            for (MetricRow m : metrics) {
                sb.append("\n  ").append(pad(m.key(), w)).append("  ").append(pad(m.value(), vw));
                if (m.diff() != null) {
                    sb.append("  ").append(Messages.get("results.report.vs", m.diff(), m.previous()));
                }
                stripEnd(sb);
            }
            if (previousJobId != null) sb.append("\n  ").append(Messages.get("results.report.previous", previousJobId));
            else sb.append("\n  ").append(Messages.get("results.report.first"));
        }
        if (!files.isEmpty()) {
            sb.append("\n  ").append(Messages.get("results.report.files"));
            for (FileInfo f : files) {
                sb.append("\n    ").append(f.path()).append(" (").append(f.sizeText()).append(") → ").append(f.localPath());
            }
        }
        if (chart != null) sb.append("\n  ").append(Messages.get("results.report.chart", chart.savedPath()));
        for (String n : notes) sb.append("\n  ").append(n);
        return sb.toString();
    }

    private static void stripEnd(StringBuilder sb) {
        int n = sb.length();
        while (n > 0 && sb.charAt(n - 1) == ' ') n--;
        sb.setLength(n);
    }

    static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    public static String sizeText(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return ResultSummary.formatNumber(bytes / 1024.0) + " KB";
        return ResultSummary.formatNumber(bytes / (1024.0 * 1024)) + " MB";
    }
}
