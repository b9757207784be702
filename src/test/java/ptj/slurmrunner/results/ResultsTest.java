package ptj.slurmrunner.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The result service on a temp project: summaries, rounding, ▲/▼ against the previous run, history, charts. */
class ResultsTest {
    static final Path REPO = Path.of("").toAbsolutePath();
    @TempDir
    Path proj;
    Path state;
    Results results;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(proj.resolve("slurm/profiles"));
        Files.copy(REPO.resolve("slurm/profiles/backtest_v5.conf"), proj.resolve("slurm/profiles/backtest_v5.conf"));
        Files.copy(REPO.resolve("slurm/profiles/study_exit_params.conf"),
            proj.resolve("slurm/profiles/study_exit_params.conf"));
        state = proj.resolve("state");
        results = new Results(proj, state, new ChartRenderer(), Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"),
            ZoneOffset.UTC));
    }

    void backtest(String job, double sharpe, double totalReturn) throws IOException {
        Path dir = Files.createDirectories(proj.resolve("data/results/backtests"));
        Files.writeString(dir.resolve("backtest_v5_" + job + "_summary.json"), "{\"job\":\"" + job + "\",\"sharpe\":"
            + sharpe + ",\"totalReturn\":" + totalReturn + ",\"trades\":66,\"winRate\":0.5303,\"start\":\"2020-01-01\"}");
        StringBuilder csv = new StringBuilder("symbol,exit,ret,cumReturn\n");
        for (int i = 1; i <= 50; i++) csv.append("PTJA,2020-01-").append(i).append(",0.01,").append(i * 0.01).append('\n');
        Files.writeString(dir.resolve("backtest_v5_" + job + "_trades.csv"), csv);
        Files.writeString(dir.resolve("backtest_v5_" + job + "1_summary.json"), "{}"); // another job's file
    }

    @Test
    void should_read_the_profiles_result_keys() {
        ResultSpec s = results.spec("backtest_v5");
        assertEquals("data/results/backtests/backtest_v5_{JOBID}_summary.json", s.summary());
        assertEquals("sharpe", s.metric());
        assertFalse(s.lowerIsBetter());
        assertEquals(ChartSpec.Kind.LINE, s.chart().kind());
        assertEquals("cumReturn", s.chart().y());
        assertEquals(List.of("stopLoss", "takeProfit", "maxHold"), results.spec("study_exit_params").chart().x());
    }

    @Test
    void should_refuse_chart_and_summary_paths_outside_data_results() {
        assertTrue(ChartSpec.parse("line:/etc/passwd.csv:x").isEmpty());
        assertTrue(ChartSpec.parse("line:data/results/../../x.csv:y").isEmpty());
        assertTrue(ChartSpec.parse("pie:data/results/a.csv:y").isEmpty());
        assertTrue(ChartSpec.parse("bar:data/results/a.csv:y").isEmpty(), "a bar chart needs its label column");
        assertNull(ResultSpec.of(Map.of("RESULTS_SUMMARY", "../secret.json")).summary());
        assertTrue(ResultSpec.of(Map.of("RESULTS_METRIC", "maxDrawdown:lower")).lowerIsBetter());
    }

    @Test
    void should_round_numbers_sensibly() {
        assertEquals("1.23", ResultSummary.formatNumber(1.23456));
        assertEquals("0.37", ResultSummary.formatNumber(0.369653).substring(0, 4));
        assertEquals("0.00457", ResultSummary.formatNumber(0.004567));
        assertEquals("12,346", ResultSummary.formatNumber(12345.6));
        assertEquals("66", ResultSummary.format(66L));
        assertEquals("▲ +0.123", ResultSummary.formatDiff(0.1234));
        assertEquals("▼ -0.05", ResultSummary.formatDiff(-0.05));
        assertEquals("= 0", ResultSummary.formatDiff(0));
        assertEquals("text", ResultSummary.format("text"));
    }

    @Test
    void should_flatten_a_nested_summary() throws IOException {
        Path f = proj.resolve("s.json");
        Files.writeString(f, "{\"sharpe\":1.5,\"exit\":{\"stopLoss\":0.05},\"tags\":[1,2],\"ok\":true}");
        ResultSummary s = ResultSummary.read(f);
        assertEquals(Optional.of(1.5), s.number("sharpe"));
        assertEquals(Optional.of(0.05), s.number("exit.stopLoss"));
        assertFalse(s.values().containsKey("tags"));
        assertEquals(true, s.values().get("ok"));
    }

    @Test
    void should_report_metrics_compared_with_the_previous_collected_run() throws IOException {
        backtest("101", 0.8921, 0.369653);
        ResultReport first = results.afterCollect("backtest_v5", "101");
        assertEquals("sharpe", first.metrics().get(0).key(), "the profile's metric first");
        assertEquals("0.892", first.metrics().get(0).value());
        assertNull(first.metrics().get(0).diff(), "nothing to compare with yet");
        assertNull(first.previousJobId());
        assertEquals(2, first.files().size(), "the job's two files, not job 1011's: " + first.files());
        assertTrue(first.files().stream().allMatch(f -> f.path().contains("_101_") && f.size() > 0));

        backtest("102", 1.1, 0.30);
        ResultReport second = results.afterCollect("backtest_v5", "102");
        assertEquals("101", second.previousJobId());
        ResultReport.MetricRow sharpe = second.metrics().get(0);
        assertEquals("1.1", sharpe.value());
        assertEquals("▲ +0.208", sharpe.diff());
        assertEquals(Boolean.TRUE, sharpe.better());
        ResultReport.MetricRow ret = second.metrics().stream().filter(m -> m.key().equals("totalReturn")).findFirst()
            .orElseThrow();
        assertEquals("▼ -0.0697", ret.diff());
        assertNull(ret.better(), "only the profile's metric has a direction");
        assertTrue(second.metrics().stream().noneMatch(m -> m.key().equals("job")), "the job id is no metric");
        String text = second.text();
        assertTrue(text.contains("[결과] backtest_v5 — Job 102") && text.contains("sharpe") && text.contains("▲ +0.208"),
            text);

        // collecting the same job again does not make it its own "previous"
        ResultReport again = results.afterCollect("backtest_v5", "102");
        assertEquals("101", again.previousJobId());
        assertEquals(2, results.history().all("backtest_v5").size());
    }

    @Test
    void should_render_the_chart_as_png_and_save_it() throws IOException {
        backtest("201", 1.0, 0.2);
        ResultReport r = results.afterCollect("backtest_v5", "201");
        assertNotNull(r.chart(), r.notes().toString());
        byte[] png = r.chart().chart().png();
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));
        assertTrue(Files.exists(Path.of(r.chart().savedPath())));
        assertTrue(r.text().contains(r.chart().savedPath()));
        System.out.printf("chart: %d bytes, %d ms (korean font: %s)%n", png.length, r.chart().chart().renderMillis(),
            ChartRenderer.findKoreanFont().orElse("none"));
    }

    @Test
    void should_say_what_is_missing_instead_of_failing() {
        ResultReport r = results.afterCollect("backtest_v5", "999");
        assertTrue(r.metrics().isEmpty());
        assertNull(r.chart());
        assertEquals(2, r.notes().size(), r.notes().toString());
        assertTrue(r.text().contains("backtest_v5_999_summary.json"), r.text());
    }

    @Test
    void should_compare_the_last_runs_as_a_table_and_a_chart() throws IOException {
        assertTrue(results.compare("backtest_v5", 10).isEmpty());
        assertTrue(results.compare("backtest_v5", 10).text().contains("결과 가져와"));
        backtest("301", 0.5, 0.1);
        results.afterCollect("backtest_v5", "301");
        backtest("302", 0.7, 0.2);
        results.afterCollect("backtest_v5", "302");
        backtest("303", 0.6, 0.15);
        results.afterCollect("backtest_v5", "303");
        CompareReport c = results.compare("backtest_v5", 2);
        assertEquals(List.of("302", "303"), c.rows().stream().map(CompareReport.Row::jobId).toList());
        assertEquals("sharpe", c.columns().get(0));
        assertEquals("0.7", c.rows().get(0).values().get(0));
        assertNotNull(c.chart());
        String text = c.text();
        assertTrue(text.contains("302") && text.contains("303") && text.contains("totalReturn"), text);
    }

    @Test
    void should_keep_only_the_last_runs_in_the_history() throws IOException {
        for (int i = 0; i < ResultHistory.KEEP + 3; i++) {
            backtest(String.valueOf(400 + i), i, 0.1);
            results.history().record("backtest_v5", new ResultHistory.Run(String.valueOf(400 + i), "t",
                ResultSummary.read(proj.resolve("data/results/backtests/backtest_v5_" + (400 + i) + "_summary.json"))));
        }
        List<ResultHistory.Run> all = results.history().all("backtest_v5");
        assertEquals(ResultHistory.KEEP, all.size());
        assertEquals("403", all.get(0).jobId());
    }

    @Test
    void should_draw_ascii_labels_without_a_korean_font() throws IOException {
        backtest("501", 1.0, 0.2);
        ChartRenderer ascii = new ChartRenderer((String) null);
        ChartRenderer.Chart c = ascii.render(results.spec("backtest_v5").chart(),
            proj.resolve("data/results/backtests/backtest_v5_501_trades.csv"), "backtest_v5", "501").orElseThrow();
        assertTrue(c.title().chars().allMatch(ch -> ch < 128), c.title());
    }

    @Test
    void should_offer_only_collected_files_for_download() throws IOException {
        assertTrue(results.downloadable("backtest_v5", "601").isEmpty());
        backtest("601", 1.0, 0.2);
        assertTrue(results.downloadable("backtest_v5", "601").orElseThrow().path().endsWith("_601_trades.csv"));
        assertTrue(results.downloadable("../x", "601").isEmpty());
        assertTrue(results.downloadable("backtest_v5", "601;rm").isEmpty());
    }
}
