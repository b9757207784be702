package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.RuleParser;

class ChoiceIdsTest {
    @Test
    void should_round_trip_and_refuse_anything_else() {
        String id = ChoiceIds.of(ChoiceIds.LOG, "backtest_v5", "12345");
        assertEquals("act:log:backtest_v5:12345", id);
        assertEquals(new ChoiceIds.WatchChoice("log", "backtest_v5", "12345"), ChoiceIds.parse(id).orElseThrow());
        assertTrue(ChoiceIds.parse("plan123:yes").isEmpty(), "confirmation ids are not ours");
        assertTrue(ChoiceIds.parse("act:clean:backtest_v5:1").isEmpty());
        assertTrue(ChoiceIds.parse("act:log:../x:1").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> ChoiceIds.of("log", "a b", "1"));
    }

    @Test
    void should_turn_each_button_into_a_message_the_rule_parser_understands() {
        RuleParser parser = new RuleParser();
        List<String> profiles = List.of("backtest_v5", "optimizer_v5", "study_exit_params");
        Intent log = parser.parse(ChoiceIds.asMessage(ChoiceIds.parse("act:log:backtest_v5:12345").orElseThrow()), profiles);
        assertEquals(Action.LOG, log.action());
        assertEquals("backtest_v5", log.profile());
        assertEquals("12345", log.jobId());
        Intent recover = parser.parse(ChoiceIds.asMessage(ChoiceIds.parse("act:recover:optimizer_v5:7").orElseThrow()), profiles);
        assertEquals(Action.RECOVER, recover.action());
        assertEquals("optimizer_v5", recover.profile());
        Intent collect = parser.parse(ChoiceIds.asMessage(ChoiceIds.parse("act:collect:study_exit_params:8").orElseThrow()), profiles);
        assertEquals(Action.COLLECT, collect.action());
        assertEquals("study_exit_params", collect.profile());
    }
}
