package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.BankClassifier;
import ptj.slurmrunner.intent.ClassifyingParser;
import ptj.slurmrunner.intent.ExampleBank;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;

/** Choices instead of "unknown": real rules, real classifier, real policy; a pick is the typed request. */
class PicksTest {
    static final BankClassifier CLASSIFIER = BankClassifier.build(ExampleBank.load(), List.of());
    @TempDir
    Path tmp;
    private final PipelineTest.FakeRunner runner = new PipelineTest.FakeRunner();
    private final FakeState state = FakeState.seed();
    private Pipeline bot;
    private final Origin alice = new Origin("U1", "C1", "1.0");

    @BeforeEach
    void setUp() {
        bot = new Pipeline(new ClassifyingParser(new RuleParser(), () -> CLASSIFIER), new Policy(), () -> state,
            new PlanStore(), runner, new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("audit.jsonl")),
            SubmittedJobs.NONE, "", tmp, Clock.systemUTC(), false);
    }

    @Test
    void should_answer_an_unclear_message_with_readings_and_run_the_picked_one_through_the_policy() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onMessage(alice, "잡 리스트", sink); // jobs (status) or profiles? the bank reads both
        Reply q = sink.last();
        assertEquals(Reply.Tone.QUESTION, q.tone());
        assertTrue(q.choices().size() >= 2 && q.choices().size() <= 3, q.toString());
        assertTrue(q.choices().stream().allMatch(c -> c.id().startsWith(Picks.PREFIX)), q.toString());
        assertTrue(runner.calls.isEmpty(), "asking runs nothing");
        Reply.Choice status = q.choices().stream().filter(c -> c.id().startsWith("pick:status:")).findFirst()
            .orElseThrow(() -> new AssertionError(q.choices().toString()));
        assertEquals("상태 확인", status.label());
        bot.onChoice(alice, status.id(), new PipelineTest.Recording());
        assertEquals(List.of("slurm-status"), runner.calls.stream().map(c -> c.split(" ")[0]).toList());
    }

    @Test
    void should_still_ask_yes_or_no_before_a_picked_cancel() {
        PipelineTest.Recording sink = new PipelineTest.Recording();
        bot.onChoice(alice, "pick:cancel:-:12345", sink);
        assertTrue(runner.calls.isEmpty(), "a picked cancel is asked, not run");
        Reply last = sink.last();
        assertTrue(last.text().contains("12345"), last.text());
        assertTrue(last.choices().stream().anyMatch(c -> c.id().endsWith(":yes")), last.toString());
    }

    @Test
    void should_not_take_a_malformed_pick_as_a_request() {
        for (String id : List.of("pick:cancel:-:-", "pick:cancel:-:1;2", "pick:rm:-:-", "pick:run:../x:-")) {
            assertTrue(Picks.asMessage(id).isEmpty(), id);
        }
    }

    @Test
    void should_carry_a_sweep_task_id_in_a_pick_and_nothing_shaped_otherwise() {
        String id = Picks.id(new ptj.slurmrunner.intent.Intent.Reading(ptj.slurmrunner.intent.Action.LOG, "backtest_v5", "812_3"));
        assertEquals("pick:log:backtest_v5:812_3", id);
        assertTrue(Picks.asMessage(id).orElseThrow().contains("812_3"), Picks.asMessage(id).toString());
        for (String bad : List.of("pick:cancel:-:812_", "pick:cancel:-:812_3_4", "pick:cancel:-:812_3 812_4")) {
            assertTrue(Picks.asMessage(bad).isEmpty(), bad);
        }
    }
}
