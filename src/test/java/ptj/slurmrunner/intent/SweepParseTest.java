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
    void should_ask_when_there_is_no_verb_or_no_profile() {
        Intent noVerb = parse("backtest_v5 seed 1~4");
        assertEquals(Action.SWEEP, noVerb.action());
        assertFalse(noVerb.isSure());
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
}
