package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.watch.ChoiceIds;

/** A click on a watcher notice's 로그 / 복구 / 결과 가져와 is the typed request: real rule parser, real policy. */
class ShortcutChoiceTest extends OnRulePipeline {
    @Test
    void should_run_the_log_button_as_the_typed_log_request_of_that_job() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, ChoiceIds.of(ChoiceIds.LOG, "backtest_v5", "12345"), sink);
        assertEquals(List.of("slurm-log PROFILE=backtest_v5 JOBID=12345"), runner.calls);
        AuditEntry first = audit.all().get(0);
        assertEquals("log", first.action());
        assertEquals("backtest_v5 로그 12345", first.text());
    }

    @Test
    void should_refuse_the_recover_button_of_an_unknown_profile_through_the_policy() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, "act:recover:nope_v9:12345", sink);
        assertTrue(runner.calls.isEmpty(), "nothing runs");
        String text = sink.last().text();
        assertFalse(text.contains("알 수 없거나 이미 끝난"), "not a plan-store refusal: " + text);
        assertTrue(text.contains("backtest_v5"), "lists the profiles: " + text);
        assertEquals("denied", audit.all().get(audit.all().size() - 1).decision());
    }

    @Test
    void should_refuse_the_collect_button_while_the_job_still_runs() {
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "RUNNING");
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, ChoiceIds.of(ChoiceIds.COLLECT, "backtest_v5", "12345"), sink);
        assertTrue(runner.calls.isEmpty());
        assertTrue(sink.last().text().contains("아직 RUNNING"), sink.last().text());
    }

    @Test
    void should_still_send_other_ids_to_the_plan_store() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, "act:clean:backtest_v5:1", sink); // not a shortcut verb: no plan either
        assertTrue(runner.calls.isEmpty());
        assertEquals("refused", audit.all().get(0).decision());
    }
}
