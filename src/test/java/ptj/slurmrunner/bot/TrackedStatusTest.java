package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** "상태 확인" shows the toolkit's [SLURM Status] and, when a watcher is wired, the jobs it follows. */
class TrackedStatusTest {
    @TempDir
    Path tmp;

    private String status(SubmittedJobs jobs) {
        Pipeline bot = new Pipeline(new RuleParser(), new Policy(), FakeState::seed, new PlanStore(),
            new PipelineTest.FakeRunner(), new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("a.jsonl")), jobs,
            "", tmp, Clock.systemUTC(), false);
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onMessage(new Origin("U1", "C1", "1.0"), "상태 확인", sink);
        return sink.last().text();
    }

    @Test
    void should_list_requester_state_reason_and_thread_of_each_watched_job() {
        List<SubmittedJobs.Tracked> rows = new ArrayList<>();
        rows.add(new SubmittedJobs.Tracked("12345", "backtest_v5", "U1", "PENDING", "0:00", "Resources",
            "2026-11-26T07:00:00", "https://slack.com/archives/C1/p1700000000000100", true));
        rows.add(new SubmittedJobs.Tracked("12346", "optimizer_v5", "console", "RUNNING", "1:23", null, null, null, true));
        String text = status(new SubmittedJobs() {
            @Override
            public void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone) { }

            @Override
            public List<Tracked> tracked() {
                return rows;
            }
        });
        assertTrue(text.startsWith("[SLURM Status]"), text);
        assertTrue(text.contains("[알림 추적 Job]"), text);
        assertTrue(text.contains("Job 12345 | backtest_v5 | PENDING | 경과 0:00 | 요청자 U1"), text);
        assertTrue(text.contains("대기 사유: Resources"), text);
        assertTrue(text.contains("예상 시작: 2026-11-26T07:00:00"), text);
        assertTrue(text.contains("스레드: https://slack.com/archives/C1/p1700000000000100"), text);
        assertTrue(text.contains("Job 12346 | optimizer_v5 | RUNNING | 경과 1:23 | 요청자 console"), text);
        assertEquals(1, text.split("스레드:", -1).length - 1, "no thread line for a console job");
    }

    @Test
    void should_show_only_the_toolkit_status_without_a_watcher() {
        String text = status(SubmittedJobs.NONE);
        assertTrue(text.startsWith("[SLURM Status]"), text);
        assertFalse(text.contains("[알림 추적 Job]"), text);
    }
}
