package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;

/** 풀런 with a watcher (Slack): submit, hand the job over with collect-when-done; without (console): make slurm-full. */
class FullHandOffTest {
    @TempDir
    Path tmp;
    private final PipelineTest.FakeRunner runner = new PipelineTest.FakeRunner();
    private final List<String> handedOver = new ArrayList<>();

    private PipelineTest.Recording full(boolean viaWatcher) {
        runner.answers.put("slurm-run", new ObjectMapper().createObjectNode().put("ok", true)
            .put("profile", "backtest_v5").put("jobId", "4242").put("runDir", "runs/backtest_v5-20260224-143052"));
        Pipeline bot = new Pipeline(new RuleParser(), new Policy(), FakeState::seed, new PlanStore(), runner,
            new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("a.jsonl")),
            (o, p, j, c) -> handedOver.add(p + " " + j + " collect=" + c), "", tmp, Clock.systemUTC(), viaWatcher);
        Origin alice = new Origin("U1", "C1", "1.0");
        PipelineTest.Recording q = new PipelineTest.Recording();
        bot.onMessage(alice, "backtest_v5 풀런", q);
        assertTrue(runner.calls.isEmpty(), "asks first");
        PipelineTest.Recording after = new PipelineTest.Recording();
        bot.onChoice(alice, q.last().choices().get(0).id(), after);
        return after;
    }

    @Test
    void should_submit_and_let_the_watcher_collect_when_full_goes_via_the_watcher() {
        PipelineTest.Recording after = full(true);
        assertEquals(List.of("slurm-run PROFILE=backtest_v5"), runner.calls);
        assertEquals(List.of("backtest_v5 4242 collect=true"), handedOver);
        assertTrue(after.last().text().startsWith("[Job 제출 완료]"), after.last().text());
        assertTrue(after.last().text().contains("자동으로 수집"), after.last().text());
    }

    @Test
    void should_hold_make_slurm_full_open_without_the_watcher() {
        full(false);
        assertEquals(List.of("slurm-full PROFILE=backtest_v5"), runner.calls);
        assertEquals(List.of(), handedOver);
    }
}
