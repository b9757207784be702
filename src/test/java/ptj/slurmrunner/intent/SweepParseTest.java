package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.cli.ParseCommand;

/** The Korean ways to ask for a sweep, and the messages that must not become one. */
class SweepParseTest {
    private static final List<String> PROFILES = List.of("backtest_v5", "optimizer_v5", "study_exit_params");
    private final RuleParser parser = new RuleParser();

    private Intent parse(String text) {
        return parser.parse(text, PROFILES);
    }

    private void assertSweep(String text, String profile, String grid) {
        Intent i = parse(text);
        assertEquals(Action.SWEEP, i.action(), text + " → " + i);
        assertEquals(profile, i.profile(), text);
        assertEquals(grid, i.overrides().get("SWEEP"), text);
        assertTrue(i.isSure(), text + " → " + i);
        assertTrue(i.flags().isEmpty(), text + " → " + i.flags());
    }

    @Test
    void should_read_the_issues_forms() {
        assertSweep("optimizer_v5 seed 1부터 20까지 돌려줘", "optimizer_v5", "seed=1..20");
        assertSweep("optimizer_v5 seed 1~20 돌려줘", "optimizer_v5", "seed=1..20");
        assertSweep("backtest_v5 stop-loss 0.03, 0.05, 0.08 × take-profit 0.1, 0.2 로 돌려줘", "backtest_v5",
            "stop-loss=0.03,0.05,0.08 take-profit=0.1,0.2");
        assertSweep("backtest_v5 seed 1부터 4까지 돌려줘", "backtest_v5", "seed=1..4");
    }

    @Test
    void should_read_other_spellings() {
        assertSweep("backtest_v5 seed=1..4 실행해줘", "backtest_v5", "seed=1..4");
        assertSweep("backtest_v5 --seed 1~4 돌려", "backtest_v5", "seed=1..4");
        assertSweep("backtest_v5 stop_loss 0.03,0.05 x take_profit 0.1,0.2 돌려줘", "backtest_v5",
            "stop-loss=0.03,0.05 take-profit=0.1,0.2");
        assertSweep("seed 1부터 3까지 backtest_v5 돌려줘", "backtest_v5", "seed=1..3");
    }

    @Test
    void should_print_the_grid_and_the_task_count_in_parse() {
        String line = ParseCommand.line(parse("backtest_v5 stop-loss 0.03, 0.05, 0.08 × take-profit 0.1, 0.2 로 돌려줘"));
        assertTrue(line.startsWith("{\"action\":\"sweep\",\"profile\":\"backtest_v5\",\"jobId\":null"), line);
        assertTrue(line.contains("\"sweep\":{\"tasks\":6,\"grid\":[{\"name\":\"stop-loss\",\"values\":[\"0.03\",\"0.05\",\"0.08\"]},"
            + "{\"name\":\"take-profit\",\"values\":[\"0.1\",\"0.2\"]}]}"), line);
    }

    @Test
    void should_read_a_profile_and_a_grid_as_a_sweep_and_ask_without_a_profile() {
        Intent noVerb = parse("backtest_v5 seed 1~4"); // the labelling guide: a profile and a grid (its card asks)
        assertEquals(Action.SWEEP, noVerb.action());
        assertTrue(noVerb.isSure());
        assertEquals("seed=1..4", noVerb.overrides().get("SWEEP"));
        Intent noProfile = parse("seed 1부터 20까지 돌려줘");
        assertEquals(Action.SWEEP, noProfile.action());
        assertNull(noProfile.profile());
        assertTrue(noProfile.has(Intent.Flag.NEEDS_PROFILE), noProfile.toString());
        assertFalse(noProfile.isSure());
    }

    @Test
    void should_not_turn_other_messages_into_a_sweep() {
        Intent bulk = parse("12345부터 12350까지 취소");
        assertEquals(Action.CANCEL, bulk.action());
        assertTrue(bulk.has(Intent.Flag.BULK));
        assertEquals(Action.CANCEL, parse("job 12345~12350 취소해").action());
        assertTrue(parse("job 12345~12350 취소해").has(Intent.Flag.BULK));
        Intent oneArg = parse("backtest_v5 --seed 8로 실행");
        assertEquals(Action.RUN, oneArg.action());
        assertFalse(oneArg.isSure());
        Intent log = parse("backtest_v5 seed 1~4 로그");
        assertEquals(Action.LOG, log.action());
        assertNull(log.overrides().get("SWEEP"));
        assertEquals(Action.RUN, parse("backtest_v5 실행해줘").action());
        assertFalse(Action.SWEEP == parse("backtest_v5 cpu 10, 20 돌려줘").action());
        // shell characters next to a grid are still asked back, never passed on
        Intent evil = parse("backtest_v5 seed 1~4; rm -rf / 돌려줘");
        assertTrue(evil.has(Intent.Flag.SUSPICIOUS));
        assertFalse(evil.isSure());
    }

    // ---- one task of a sweep: ARRAYID_INDEX ("812_3") is one explicit job id (issue 14, docs/sweeps.md) ------------

    /** The rules behind the classifier, as `bin/slurm-runner parse` runs them without an LLM. */
    private static final ClassifyingParser LAYERED = new ClassifyingParser(new RuleParser(),
        () -> BankClassifier.build(ExampleBank.load(), PROFILES));

    private static void assertOneJob(Intent i, Action action, String jobId, String text) {
        assertEquals(action, i.action(), text + " → " + i);
        assertEquals(jobId, i.jobId(), text + " → " + i);
        assertTrue(i.isSure(), text + " → " + i);
        assertTrue(i.flags().isEmpty(), text + " → " + i.flags());
    }

    @Test
    void should_cancel_one_task_named_by_its_task_id() {
        for (String text : List.of("812_3 취소해줘", "812_3 취소", "job 812_3 scancel 해줘", "jobid=812_3 취소",
                "812_3번 취소해줘")) {
            assertOneJob(parse(text), Action.CANCEL, "812_3", text);
            assertOneJob(LAYERED.parse(text, PROFILES), Action.CANCEL, "812_3", text + " (classifier)");
        }
        // "캔슬" is the classifier's word: it reads the action, the id still comes from the rules
        assertOneJob(LAYERED.parse("Job 812_3 캔슬", PROFILES), Action.CANCEL, "812_3", "Job 812_3 캔슬");
    }

    @Test
    void should_keep_cancelling_the_whole_array_by_its_id() {
        assertOneJob(parse("812 취소"), Action.CANCEL, "812", "812 취소");
        assertOneJob(LAYERED.parse("812 취소해줘", PROFILES), Action.CANCEL, "812", "812 취소해줘");
    }

    @Test
    void should_read_a_task_id_for_log_status_and_watch() {
        Intent log = parse("optimizer_v5 812_3 로그 보여줘");
        assertOneJob(log, Action.LOG, "812_3", "log");
        assertEquals("optimizer_v5", log.profile());
        assertOneJob(parse("812_3 로그 보여줘"), Action.LOG, "812_3", "log without profile");
        assertEquals("812_3", parse("812_3 상태 알려줘").jobId());
        assertEquals(Action.STATUS, parse("812_3 상태 알려줘").action());
        Intent watch = parse("812_3 끝나면 알려줘");
        assertEquals(Action.WATCH, watch.action(), watch.toString());
        assertEquals("812_3", watch.jobId());
    }

    @Test
    void should_read_leading_zeros_away_and_job_zero_as_no_job() {
        assertOneJob(parse("0812_03 취소"), Action.CANCEL, "812_3", "zeros");
        assertOneJob(parse("812_0 취소"), Action.CANCEL, "812_0", "a sweep's first task");
        Intent zero = parse("0_3 취소");
        assertNull(zero.jobId(), zero.toString());
        assertFalse(zero.isSure());
    }

    @Test
    void should_refuse_two_task_ids_or_a_task_range_as_bulk() {
        for (String text : List.of("812_3 812_4 취소", "812_3, 812_4 취소해줘", "812_3 그리고 812 취소", "812_3-5 취소",
                "812_[1-3] 취소", "812_3 ~ 812_5 취소", "812 전체 task 다 취소")) {
            for (Intent i : List.of(parse(text), LAYERED.parse(text, PROFILES))) {
                assertEquals(Action.CANCEL, i.action(), text + " → " + i);
                assertNull(i.jobId(), text + " → " + i);
                assertFalse(i.isSure(), text + " → " + i);
                assertTrue(i.has(Intent.Flag.BULK), text + " → " + i.flags());
            }
        }
    }

    @Test
    void should_not_read_a_malformed_task_id_as_a_job() {
        // never cut down to its array id: "812_abc" must not cancel the whole sweep 812
        for (String text : List.of("jobid=812_abc 취소", "812_1234567 취소", "812_ 취소", "812__3 취소", "812_3a 취소")) {
            for (Intent i : List.of(parse(text), LAYERED.parse(text, PROFILES))) {
                assertFalse(i.isSure() && i.action() == Action.CANCEL, text + " → " + i);
                assertTrue(i.jobId() == null || i.jobId().matches("[0-9]{1,12}_[0-9]{1,6}") && !i.jobId().equals("812"),
                    text + " → " + i);
            }
        }
    }

    @Test
    void should_print_the_task_id_in_parse() {
        String line = ParseCommand.line(parse("812_3 취소해줘"));
        assertTrue(line.startsWith("{\"action\":\"cancel\",\"profile\":null,\"jobId\":\"812_3\""), line);
    }
}
