package ptj.slurmrunner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.results.ChartRenderer;

/** A sweep's collect → rows best first, the swept parameter, and a chart of the metric across it (JFreeChart). */
class SweepResultTest {
    @TempDir Path project;
    static final ObjectMapper JSON = new ObjectMapper();

    ObjectNode collect(List<String> args, List<Double> sharpe) throws Exception {
        Path dir = Files.createDirectories(project.resolve("data/results/backtests"));
        ObjectNode j = JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5").put("jobId", "259");
        ArrayNode tasks = j.putArray("tasks");
        for (int i = 0; i < args.size(); i++) {
            String summary = "data/results/backtests/backtest_v5_259_" + i + "_summary.json";
            if (sharpe.get(i) != null) Files.writeString(project.resolve(summary), "{\"sharpe\": " + sharpe.get(i) + "}");
            tasks.addObject().put("index", i).put("jobId", "259_" + i).put("args", args.get(i))
                .put("state", sharpe.get(i) == null ? "FAILED" : "COMPLETED").put("summary", summary);
        }
        return j;
    }

    @Test
    void should_sort_tasks_best_first_and_draw_the_metric_over_a_numeric_parameter() throws Exception {
        ObjectNode j = collect(List.of("--seed 1", "--seed 2", "--seed 3", "--seed 4"),
            java.util.Arrays.asList(0.5, 1.25, null, 0.9));
        assertTrue(SweepResult.isSweep(j));
        SweepResult r = SweepResult.of(j, project, "backtest_v5", new ChartRenderer());
        assertEquals(List.of("259_1", "259_3", "259_0", "259_2"), r.rows().stream().map(SweepComparison.Row::jobId).toList());
        assertEquals("seed", r.param());
        assertEquals("sharpe", r.metric());
        assertTrue(r.table().contains("259_2") && r.table().contains("FAILED"), r.table());
        assertNotNull(r.chart(), "a chart when tasks have the metric");
        byte[] png = r.chart().chart().png();
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("backtest_v5_259_sweep_sharpe.png", r.chart().chart().filename());
    }

    @Test
    void should_draw_bars_per_combination_for_a_grid_and_nothing_without_the_metric() throws Exception {
        ObjectNode j = collect(List.of("--stop-loss 0.03 --take-profit=0.1", "--stop-loss 0.05 --take-profit=0.1"),
            List.of(0.7, 0.8));
        SweepResult r = SweepResult.of(j, project, "backtest_v5", new ChartRenderer(null));
        assertEquals("stop-loss/take-profit", r.param());
        assertNotNull(r.chart());
        assertTrue(r.chart().chart().title().contains("by stop-loss/take-profit"), "ASCII without a Korean font: "
            + r.chart().chart().title());
        assertEquals(Map.of("stop-loss", "0.03", "take-profit", "0.1"), SweepResult.swept("--stop-loss 0.03 --take-profit=0.1"));
        for (int i = 0; i < 2; i++) Files.delete(project.resolve("data/results/backtests/backtest_v5_259_" + i + "_summary.json"));
        ObjectNode none = collect(List.of("--seed 1", "--seed 2"), java.util.Arrays.asList(null, null));
        SweepResult empty = SweepResult.of(none, project, "backtest_v5", new ChartRenderer(null));
        assertNull(empty.chart(), "no task has the metric: no chart");
        assertFalse(SweepResult.isSweep(JSON.createObjectNode().put("jobId", "1")));
    }
}
