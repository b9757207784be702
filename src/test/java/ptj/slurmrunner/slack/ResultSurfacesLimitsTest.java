package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.util.json.GsonFactory;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.config.Profile;
import ptj.slurmrunner.results.CompareReport;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.slack.home.HomeView;
import ptj.slurmrunner.slack.home.RunModal;
import ptj.slurmrunner.slack.results.ResultCards;

/** Every result surface, from ordinary and extreme fixtures, stays inside Block Kit's limits. */
class ResultSurfacesLimitsTest {
    static final String LONG = "p" + "x".repeat(63); // the longest profile name the catalog accepts

    static JsonNode json(Object o) throws Exception {
        return SlackStandIn.JSON.readTree(GsonFactory.createSnakeCase().toJson(o));
    }

    static ResultReport report(String profile, int metrics, int files, String note) {
        List<ResultReport.MetricRow> rows = new ArrayList<>();
        for (int i = 0; i < metrics; i++) {
            rows.add(new ResultReport.MetricRow("metric_" + "m".repeat(60) + i, "1.23" + "4".repeat(i % 50),
                "1.1", "▲ +0.13", i == 0, i == 0 ? Boolean.TRUE : null));
        }
        List<ResultReport.FileInfo> fs = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            fs.add(new ResultReport.FileInfo("data/results/backtests/" + "f".repeat(180) + i + ".csv", 1234L * i,
                "/very/long/path/" + "d".repeat(200) + "/data/results/backtests/f" + i + ".csv"));
        }
        return new ResultReport(profile, "123456789012", fs, rows, "123456789011", null,
            note == null ? List.of() : List.of(note, note, note, note, note, note, note, note, note, note, note));
    }

    @Test
    void should_keep_ordinary_and_extreme_result_cards_inside_the_limits() throws Exception {
        for (ResultReport r : List.of(report("backtest_v5", 4, 2, null), report(LONG, 40, 20, "n".repeat(5000)),
                report("backtest_v5", 0, 0, null))) {
            ResultCards.Card c = ResultCards.result(r);
            JsonNode blocks = json(c.blocks());
            BlockKitLimits.check(blocks);
            assertTrue(c.text().length() <= 300, c.text());
            assertFalse(c.text().isBlank());
        }
    }

    @Test
    void should_escape_what_a_summary_says() throws Exception {
        ResultReport r = new ResultReport("backtest_v5", "1", List.of(), List.of(new ResultReport.MetricRow(
            "<!channel>", "<@U1>", null, null, false, null)), null, null, List.of());
        String b = json(ResultCards.result(r).blocks()).toString();
        assertFalse(b.contains("<!channel>") || b.contains("<@U1>"), b);
    }

    @Test
    void should_keep_a_100_task_sweep_comparison_inside_the_limits() throws Exception {
        List<ptj.slurmrunner.sweep.SweepComparison.Row> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new ptj.slurmrunner.sweep.SweepComparison.Row(i, "812_" + i, "--stop-loss 0.0" + i
                + " --take-profit " + "9".repeat(32) + " <!channel>", i == 3 ? "FAILED" : "COMPLETED", i == 3 ? Map.of()
                : Map.of("sharpe", i / 7.0, "totalReturn", -i / 3.0, "maxDrawdown", 0.1, "winRate", 0.5, "trades", 60.0)));
        }
        String table = ptj.slurmrunner.sweep.SweepComparison.table(LONG, "812", rows, "sharpe");
        var r = new ptj.slurmrunner.sweep.SweepResult(LONG, "812", "sharpe",
            ptj.slurmrunner.sweep.SweepComparison.sorted(rows, "sharpe"), "stop-loss/take-profit", table, null);
        ResultCards.Card card = ResultCards.sweep(r);
        JsonNode blocks = json(card.blocks());
        BlockKitLimits.check(blocks);
        assertTrue(card.text().length() <= 300 && card.text().contains("812_99"), card.text());
        assertFalse(blocks.toString().contains("<!channel>"), "arguments are shown as code, never as a mention");
        var none = new ptj.slurmrunner.sweep.SweepResult("backtest_v5", "812", "sharpe", List.of(), "seed", "[x]", null);
        BlockKitLimits.check(json(ResultCards.sweep(none).blocks()));
    }

    @Test
    void should_keep_a_compare_of_many_runs_inside_the_limits() throws Exception {
        List<CompareReport.Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) rows.add(new CompareReport.Row(String.valueOf(100000 + i), "t",
            List.of("1.23", "0.456", "12,345", "0.5", "1", "2")));
        CompareReport c = new CompareReport(LONG, "sharpe", List.of("sharpe", "totalReturn", "trades", "winRate",
            "a".repeat(40), "b"), rows, null);
        BlockKitLimits.check(json(ResultCards.compare(c).blocks()));
        BlockKitLimits.check(json(ResultCards.compare(new CompareReport("backtest_v5", null, List.of(), List.of(),
            null)).blocks()));
    }

    @Test
    void should_keep_the_home_tab_under_100_blocks_newest_first() throws Exception {
        List<SubmittedJobs.Tracked> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            jobs.add(new SubmittedJobs.Tracked(String.valueOf(5000 - i), LONG, "U1", i < 100 ? "RUNNING" : "FAILED",
                "1-02:03:04", null, null, "https://slack.com/archives/C1/p170000000" + i + "000000", i < 100,
                "node" + "n".repeat(100)));
        }
        JsonNode view = json(HomeView.build("U1", jobs, Map.of(), Instant.EPOCH, ZoneOffset.UTC));
        BlockKitLimits.checkView(view);
        assertEquals(100, view.get("blocks").size());
        String v = view.toString();
        assertTrue(v.contains("5000") && v.indexOf("5000") < v.indexOf("4999"), "newest first");
        assertTrue(v.contains("외 106개"), v.substring(v.length() - 400));
        JsonNode empty = json(HomeView.build("U9", jobs, Map.of(), Instant.EPOCH, ZoneOffset.UTC));
        BlockKitLimits.checkView(empty);
        assertFalse(empty.toString().contains(LONG), "other people's jobs are not shown");
    }

    @Test
    void should_keep_the_run_modal_inside_the_limits() throws Exception {
        List<Profile> profiles = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            profiles.add(new Profile(LONG.substring(0, 60) + i, null, "a.py", null, 20, "40G", "02:00:00", null, null,
                null, false, List.of("a.py"), List.of()));
        }
        BlockKitLimits.checkView(json(RunModal.build(profiles, null, new RunModal.Context("C1", "1.1", null))));
        BlockKitLimits.checkView(json(RunModal.build(List.of(), null, new RunModal.Context(null, null, null))));
    }
}
