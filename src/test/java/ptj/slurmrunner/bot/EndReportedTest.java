package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** The watcher is told when the person's own watch/collect has just shown a job COMPLETED in this thread. */
class EndReportedTest {
    @TempDir
    Path tmp;
    private final PipelineTest.FakeRunner runner = new PipelineTest.FakeRunner();
    private final List<String> told = new ArrayList<>();
    private final Origin alice = new Origin("U1", "C1", "1.0");

    private void say(String target, String state, String text) {
        var answer = new ObjectMapper().createObjectNode().put("ok", true).put("profile", "backtest_v5")
            .put("jobId", "4242");
        if (state != null) answer.put("state", state);
        runner.answers.put(target, answer);
        SubmittedJobs watcher = new SubmittedJobs() {
            @Override
            public void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone) {
            }

            @Override
            public void endReported(Origin origin, String jobId) {
                told.add(origin.threadTs() + " " + jobId);
            }
        };
        FakeState cluster = FakeState.seed();
        cluster.jobIds.put("backtest_v5", "4242");
        cluster.states.put("4242", "COMPLETED");
        Pipeline bot = new Pipeline(new RuleParser(), new Policy(), () -> cluster, new PlanStore(), runner,
            new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("a.jsonl")), watcher, "", tmp,
            Clock.systemUTC(), true);
        bot.onMessage(alice, text, new PipelineTest.Recording());
    }

    @Test
    void should_tell_the_watcher_when_a_watch_saw_the_job_complete() {
        say("slurm-watch", "COMPLETED", "backtest_v5 대기해줘");
        assertEquals(List.of("slurm-watch PROFILE=backtest_v5"), runner.calls);
        assertEquals(List.of("1.0 4242"), told);
    }

    @Test
    void should_not_tell_it_when_the_watch_saw_a_failure_or_for_a_status() {
        say("slurm-watch", "FAILED", "backtest_v5 대기해줘");
        say("slurm-status", "COMPLETED", "backtest_v5 상태 알려줘");
        assertEquals(List.of(), told);
    }

    @Test
    void should_tell_it_after_a_collect() {
        say("slurm-collect", null, "backtest_v5 결과 가져와");
        assertEquals(List.of("slurm-collect PROFILE=backtest_v5"), runner.calls);
        assertEquals(List.of("1.0 4242"), told);
    }
}
