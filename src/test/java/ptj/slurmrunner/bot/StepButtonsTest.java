package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;

/** A card's next-step buttons are the typed requests they stand for: same policy, same confirmations, audited. */
class StepButtonsTest extends OnRulePipeline {
    @Override
    String admins() {
        return "UADMIN";
    }

    @Test
    void should_write_and_read_back_every_step() {
        Card.Step rerun = new Card.Step(Card.Verb.RERUN, "backtest_v5", null,
            Map.of("CPUS", "4", "TIME", "1-02:00:00", "PARTITION", "all"));
        assertEquals("act:rerun:backtest_v5:-:CPUS=4,PARTITION=all,TIME=1-02:00:00", rerun.choiceId());
        var back = Shortcuts.parse(rerun.choiceId()).orElseThrow();
        assertEquals(Map.of("CPUS", "4", "TIME", "1-02:00:00", "PARTITION", "all"), back.overrides());
        assertEquals("act:status:-:-", Card.Step.of(Card.Verb.STATUS, null, null).choiceId());
        assertTrue(Shortcuts.parse("act:rerun:backtest_v5:-:FORCE=1").isEmpty(), "no override a typed run cannot carry");
        assertTrue(Shortcuts.parse("act:rerun:backtest_v5:-:CPUS=4;rm").isEmpty());
        assertTrue(Shortcuts.parse("act:cancel:backtest_v5:1 2").isEmpty());
        assertThrows(IllegalArgumentException.class,
            () -> new Card.Step(Card.Verb.RERUN, "a b", null, Map.of()).choiceId());
    }

    @Test
    void should_ask_before_cancelling_and_only_an_admin_may() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, "act:cancel:backtest_v5:12345", sink);
        assertTrue(runner.calls.isEmpty());
        assertTrue(sink.last().text().contains("관리자") || sink.last().text().contains("admin"), sink.last().text());
        Origin admin = new Origin("UADMIN", "C1", "1.0");
        bot.onChoice(admin, "act:cancel:backtest_v5:12345", sink);
        assertTrue(runner.calls.isEmpty(), "a step never cancels by itself");
        Reply q = sink.last();
        assertEquals(Reply.Tone.QUESTION, q.tone());
        assertEquals("danger", q.choices().get(0).style());
        assertEquals("button", audit.all().get(audit.all().size() - 1).event());
        bot.onChoice(alice, q.choices().get(0).id(), sink); // someone else's 예
        assertTrue(runner.calls.isEmpty());
        bot.onChoice(admin, q.choices().get(0).id(), sink);
        assertEquals(List.of("slurm-cancel JOBID=12345"), runner.calls);
    }

    @Test
    void should_turn_rerun_into_a_confirmation_card_with_the_same_overrides() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, "act:rerun:backtest_v5:-:CPUS=4,MEM=8G", sink);
        assertTrue(runner.calls.isEmpty());
        Reply q = sink.last();
        assertEquals(Reply.Tone.QUESTION, q.tone());
        assertNotNull(q.card());
        assertEquals(Card.Kind.CONFIRM, q.card().kind());
        assertTrue(q.card().command().contains("CPUS=4") && q.card().command().contains("MEM=8G"), q.card().command());
        bot.onChoice(alice, q.choices().get(0).id(), sink);
        assertEquals(1, runner.calls.size());
        assertTrue(runner.calls.get(0).startsWith("slurm-run PROFILE=backtest_v5"), runner.calls.toString());
        assertEquals(Action.RUN.wireName(), audit.all().get(0).action());
    }

    @Test
    void should_answer_the_status_step_like_a_typed_status() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, "act:status:-:-", sink);
        assertEquals(List.of("slurm-status"), runner.calls);
    }
}
