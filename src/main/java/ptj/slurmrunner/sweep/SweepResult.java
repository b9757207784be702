package ptj.slurmrunner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.results.ChartRenderer;
import ptj.slurmrunner.results.ResultReport;

/**
 * What a sweep's collect brought back, for the front ends that draw it (Slack: a comparison card and a chart of the
 * profile's metric across the swept parameter in the thread; the console already prints {@link #table()} in the
 * collect report). Rows best first by the metric, as {@link SweepComparison} sorts them.
 *
 * @param param the swept argument(s) as the chart's axis ("seed", "stop-loss/take-profit")
 * @param chart the chart PNG, or null when no task has the metric (or drawing failed)
 */
public record SweepResult(String profile, String arrayId, String metric, List<SweepComparison.Row> rows, String param,
                          String table, ResultReport.ResultsChart chart) {
    private static final Logger log = LoggerFactory.getLogger(SweepResult.class);
    private static final Pattern ARG = Pattern.compile("--([a-z][a-z0-9-]*)(?:=|\\s+)(\\S+)");

    public SweepResult {
        rows = List.copyOf(rows);
    }

    /** A collect report of a sweep has {@code tasks: [{index, jobId, args, state, summary}]}. */
    public static boolean isSweep(JsonNode collect) {
        return collect != null && collect.path("tasks").isArray() && !collect.path("tasks").isEmpty();
    }

    /** The tasks of a sweep's collect report, their summaries read by the shared results reader. */
    public static List<SweepComparison.Row> rows(JsonNode collect, Path projectDir) {
        List<SweepComparison.Row> rows = new ArrayList<>();
        for (JsonNode t : collect.path("tasks")) {
            rows.add(new SweepComparison.Row(t.path("index").asInt(), t.path("jobId").asText(), t.path("args").asText(),
                t.path("state").asText("?"), SweepSummaries.metrics(projectDir, t.path("summary").asText(null))));
        }
        return rows;
    }

    /** Rows, table and chart from a sweep's collect report. */
    public static SweepResult of(JsonNode collect, Path projectDir, String profile, ChartRenderer renderer) {
        String name = collect.path("profile").asText(profile);
        String arrayId = collect.path("jobId").asText("?");
        String metric = SweepSummaries.metricOf(projectDir, profile);
        List<SweepComparison.Row> rows = rows(collect, projectDir);
        String table = SweepComparison.table(name, arrayId, rows, metric);
        List<SweepComparison.Row> sorted = SweepComparison.sorted(rows, metric);
        String param = rows.isEmpty() ? "task" : String.join("/", swept(rows.get(0).args()).keySet());
        if (param.isEmpty()) param = "task";
        ResultReport.ResultsChart chart = null;
        if (renderer != null) {
            List<String> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (SweepComparison.Row r : rows) { // in task order: the chart reads along the parameter
                Double v = r.metrics().get(metric);
                if (v == null) continue;
                Map<String, String> a = swept(r.args());
                xs.add(a.isEmpty() ? r.jobId() : String.join("/", a.values()));
                ys.add(v);
            }
            try {
                Optional<ChartRenderer.Chart> c = renderer.sweep(name, arrayId, metric, param, xs, ys);
                if (c.isPresent()) chart = new ResultReport.ResultsChart(c.get(), null);
            } catch (IOException | RuntimeException e) {
                log.warn("sweep {} chart not drawn: {}", arrayId, e.toString());
            }
        }
        return new SweepResult(name, arrayId, metric, sorted, param, table, chart);
    }

    /** "--stop-loss 0.03 --take-profit=0.1" → {stop-loss=0.03, take-profit=0.1}, in order. */
    static Map<String, String> swept(String args) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = ARG.matcher(args == null ? "" : args);
        while (m.find()) out.put(m.group(1), m.group(2));
        return out;
    }
}
