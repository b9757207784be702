package ptj.slurmrunner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepComparisonTest {
    @TempDir
    Path project;

    private static SweepComparison.Row row(int i, double sharpe, double dd) {
        return new SweepComparison.Row(i, "812_" + i, "--seed " + (i + 1), "COMPLETED",
            Map.of("sharpe", sharpe, "maxDrawdown", dd, "trades", 60.0 + i));
    }

    @Test
    void should_sort_best_first_and_put_tasks_without_a_summary_last() {
        List<SweepComparison.Row> rows = List.of(row(0, 0.5, 0.3), row(1, 1.2, 0.4),
            new SweepComparison.Row(2, "812_2", "--seed 3", "FAILED", Map.of()), row(3, 0.9, 0.1));
        assertEquals(List.of("812_1", "812_3", "812_0", "812_2"),
            SweepComparison.sorted(rows, "sharpe").stream().map(SweepComparison.Row::jobId).toList());
        // a drawdown is better when lower
        assertEquals(List.of("812_3", "812_0", "812_1", "812_2"),
            SweepComparison.sorted(rows, "maxDrawdown").stream().map(SweepComparison.Row::jobId).toList());
        String t = SweepComparison.table("backtest_v5", "812", rows, "sharpe");
        assertTrue(t.startsWith("[Sweep 비교] backtest_v5 Job 812 — sharpe 기준"), t);
        String[] lines = t.split("\n");
        assertTrue(lines[2].contains("1") && lines[2].contains("812_1") && lines[2].contains("1.2000"), t);
        assertTrue(lines[5].contains("812_2") && lines[5].contains("FAILED (결과 없음)"), t);
        // columns line up in terminal columns (Hangul is two wide)
        assertEquals(SweepComparison.columns(lines[1].substring(0, lines[1].indexOf("sharpe"))),
            SweepComparison.columns(lines[2].substring(0, lines[2].indexOf("1.2000"))), t);
    }

    @Test
    void should_bound_the_table_whatever_the_task_count() {
        List<SweepComparison.Row> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) rows.add(row(i, i / 10.0, 0.1));
        String t = SweepComparison.table("backtest_v5", "812", rows, "sharpe");
        assertEquals(1 + 1 + SweepComparison.MAX_ROWS + 1, t.split("\n").length, t);
        assertTrue(t.contains("Task 80개 더"), t);
    }

    @Test
    void should_read_numeric_fields_of_a_summary_and_nothing_outside_the_project() throws Exception {
        Path f = project.resolve("data/results/backtests/backtest_v5_812_0_summary.json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "{\"sharpe\": 1.5, \"trades\": 70, \"job\": \"812_0\", \"exit\": {\"stopLoss\": 0.05}}");
        // the results reader's rule, as on a job's result card: nested objects flattened with dots, texts dropped
        assertEquals(Map.of("sharpe", 1.5, "trades", 70.0, "exit.stopLoss", 0.05),
            SweepSummaries.metrics(project, "data/results/backtests/backtest_v5_812_0_summary.json"));
        assertEquals(Map.of(), SweepSummaries.metrics(project, "../../etc/passwd"));
        assertEquals(Map.of(), SweepSummaries.metrics(project, null));
        assertEquals("sharpe", SweepSummaries.metricOf(project, "backtest_v5"));
        Files.createDirectories(project.resolve("slurm/profiles"));
        Files.writeString(project.resolve("slurm/profiles/backtest_v5.conf"), "SCRIPT=x.py\nRESULTS_METRIC=totalReturn\n");
        assertEquals("totalReturn", SweepSummaries.metricOf(project, "backtest_v5"));
    }
}
