package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;

/** "방금 거": real rules and policy; the thread's own reported jobs, never another thread's or person's. */
class ThreadReferencesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;
    private final PipelineTest.FakeRunner runner = new PipelineTest.FakeRunner();
    private final FakeState state = FakeState.seed();
    private Pipeline bot;
    private ThreadMemory memory;
    private final Origin alice = new Origin("U1", "C1", "1700000000.000100");

    @BeforeEach
    void setUp() {
        memory = new ThreadMemory(tmp.resolve("state/threads.json"));
        bot = pipeline(memory);
        runner.answers.put("slurm-run", JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5")
            .put("jobId", "812").put("runDir", "runs/backtest_v5-20260224-140200"));
    }

    private Pipeline pipeline(ThreadMemory m) {
        return new Pipeline(new RuleParser(), new Policy(), () -> state, new PlanStore(), runner,
            new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("audit.jsonl")), SubmittedJobs.NONE, "", tmp,
            Clock.systemUTC(), false).rememberingThreads(m);
    }

    /** Runs "PROFILE 실행해줘" and answers 예, as the person would. */
    private void submit(Origin who, String profile, String jobId) {
        runner.answers.put("slurm-run", JSON.createObjectNode().put("ok", true).put("profile", profile)
            .put("jobId", jobId));
        PipelineTest.Recording q = new PipelineTest.Recording();
        bot.onMessage(who, profile + " 실행해줘", q);
        bot.onChoice(who, q.last().choices().get(0).id(), new PipelineTest.Recording());
    }

    @Test
    void should_resolve_just_now_to_the_job_this_thread_submitted_and_show_it_before_the_cancel_question() {
        submit(alice, "backtest_v5", "812");
        runner.calls.clear();
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onMessage(alice, "방금 거 취소해줘", sink);
        String note = sink.replies.get(0).text();
        assertTrue(note.contains("Job 812 (backtest_v5, 이 스레드에서"), note);
        Reply q = sink.last();
        assertEquals(Reply.Tone.QUESTION, q.tone());
        assertTrue(q.text().contains("812"), "the cancel names its job before the click: " + q.text());
        assertTrue(runner.calls.isEmpty(), "nothing runs before 예");
        bot.onChoice(alice, q.choices().get(0).id(), new PipelineTest.Recording());
        assertEquals(List.of("slurm-cancel JOBID=812"), runner.calls);
    }

    @Test
    void should_resolve_nothing_from_another_thread_channel_or_person() {
        submit(alice, "backtest_v5", "812");
        for (Origin other : List.of(new Origin("U1", "C1", "1700000099.000200"), new Origin("U1", "C2", alice.threadTs()),
                new Origin("U2", "C1", alice.threadTs()))) {
            runner.calls.clear();
            PipelineTest.Recording sink = new PipelineTest.Recording();
            bot.onMessage(other, "방금 거 취소해줘", sink);
            assertTrue(runner.calls.isEmpty());
            assertTrue(sink.replies.stream().noneMatch(r -> r.text().contains("812")), other + ": " + sink.replies);
            assertTrue(sink.replies.stream().allMatch(r -> r.choices().isEmpty()), "nothing to confirm: " + other);
        }
    }

    @Test
    void should_ask_which_when_the_thread_has_two_jobs() {
        submit(alice, "backtest_v5", "812");
        submit(alice, "optimizer_v5", "813");
        runner.calls.clear();
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onMessage(alice, "아까 그거 취소해줘", sink);
        Reply q = sink.last();
        assertEquals(List.of("pick:cancel:-:812", "pick:cancel:-:813"), q.choices().stream().map(Reply.Choice::id).toList());
        assertTrue(runner.calls.isEmpty());
        PipelineTest.Recording after = new PipelineTest.Recording();
        bot.onChoice(alice, "pick:cancel:-:813", after);
        assertTrue(after.last().text().contains("813"), "the picked cancel is asked again with its id");
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void should_rerun_with_the_same_settings_and_remember_across_a_restart() {
        PipelineTest.Recording q = new PipelineTest.Recording();
        bot.onMessage(alice, "backtest_v5 CPU 8개 메모리 16G로 돌려줘", q);
        bot.onChoice(alice, q.last().choices().get(0).id(), new PipelineTest.Recording());
        runner.calls.clear();
        Pipeline restarted = pipeline(new ThreadMemory(tmp.resolve("state/threads.json")));
        PipelineTest.Recording sink = new PipelineTest.Recording();
        restarted.onMessage(alice, "같은 설정으로 한 번 더", sink);
        Reply ask = sink.last();
        assertTrue(ask.text().contains("backtest_v5"), ask.text());
        restarted.onChoice(alice, ask.choices().get(0).id(), new PipelineTest.Recording());
        assertEquals(1, runner.calls.size());
        String call = runner.calls.get(0);
        assertTrue(call.startsWith("slurm-run PROFILE=backtest_v5") && call.contains("CPUS=8") && call.contains("MEM=16G"),
            call);
    }

    @Test
    void should_say_so_when_the_thread_reported_nothing() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onMessage(alice, "그거 로그 보여줘", sink);
        assertTrue(sink.last().text().contains("모르겠습니다"), sink.last().text());
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void should_leave_a_bulk_or_negated_reference_to_the_rules() {
        submit(alice, "backtest_v5", "812");
        runner.calls.clear();
        for (String text : List.of("방금 거 전부 취소해", "방금 거 취소하지 마")) {
            PipelineTest.Recording sink = new PipelineTest.Recording();
            bot.onMessage(alice, text, sink);
            assertTrue(runner.calls.isEmpty(), text);
            assertTrue(sink.replies.stream().noneMatch(r -> r.text().contains("812")), text + ": " + sink.replies);
        }
    }
}
