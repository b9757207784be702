package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;

/** Pending plans written to the state dir: a card asked before a restart is answerable after it, rules intact. */
class PlanStorePersistenceTest {
    @TempDir
    Path dir;
    final PlanStoreTest.ManualClock clock = new PlanStoreTest.ManualClock();
    final Intent intent = new Intent(Action.CLEAN, "backtest_v5", null, Map.of("PARTITION", "all"), false,
        Intent.Confidence.SURE, "rules", null, EnumSet.of(Intent.Flag.LLM_DISAGREES));
    final Plan plan = new Plan(Action.CLEAN, "slurm-clean", Map.of("PROFILE", "backtest_v5", "CONFIRM", "yes"), false,
        "backtest_v5", true,
        new ProfileCard("backtest_v5", "백테스트", "simulation/backtests/backtest_v5.py", "--seed 1", "20", "40G",
            "01:00:00", "all", "default", null, 3, List.of("data/results/x")),
        new CleanList(List.of("runs/backtest_v5-20260101-000000"), List.of("slurm/jobs/backtest_v5.rundir"), List.of()),
        List.of(new Plan.Change("PARTITION", "all", "all")), List.of("경고"),
        new Plan.Basis("812", "runs/backtest_v5-20260101-000000", "COMPLETED",
            new CleanList(List.of("runs/backtest_v5-20260101-000000"), List.of(), List.of())));

    PlanStore open() {
        return PlanStore.persistent(clock, Duration.ofMinutes(10), dir.resolve("pending-plans.json"));
    }

    @Test
    void should_answer_a_card_asked_before_a_restart_with_the_same_plan() {
        PlanStore.Pending p = open().put("U1", "C1/1.1", intent, plan);
        PlanStore after = open();
        assertEquals(1, after.size());
        assertEquals(p.id(), after.latest("U1", "C1/1.1").orElseThrow().id());
        PlanStore.Ok ok = assertInstanceOf(PlanStore.Ok.class, after.take(PlanStore.yesId(p), "U1"));
        assertEquals(plan, ok.pending().plan());
        assertEquals(intent, ok.pending().intent());
        assertEquals(p.expiresAt(), ok.pending().expiresAt());
    }

    @Test
    void should_keep_requester_only_single_use_and_expiry_across_restarts() {
        PlanStore first = open();
        PlanStore.Pending p = first.put("U1", "C1/1.1", intent, plan);
        PlanStore.Pending q = first.put("U1", "C1/1.1", intent, plan);
        assertEquals("not_owner", ((PlanStore.Refused) open().take(PlanStore.yesId(p), "U2")).code());
        assertInstanceOf(PlanStore.Ok.class, open().take(PlanStore.yesId(p), "U1"));
        assertEquals("used", ((PlanStore.Refused) open().take(PlanStore.yesId(p), "U1")).code());
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        PlanStore late = open();
        assertEquals("expired", ((PlanStore.Refused) late.take(PlanStore.yesId(q), "U1")).code(),
            "an expired card is never runnable after a restart");
        assertEquals(0, late.size());
    }

    @Test
    void should_set_a_corrupt_file_aside_and_start_empty() throws Exception {
        Path f = dir.resolve("pending-plans.json");
        Files.writeString(f, "{\"version\":1,\"pending\":[{\"id\":\"x\",");
        PlanStore s = open();
        assertEquals(0, s.size());
        assertFalse(Files.exists(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.anyMatch(x -> x.getFileName().toString().startsWith("pending-plans.json.corrupt-")));
        }
        assertEquals("unknown_choice", ((PlanStore.Refused) s.take("x:yes", "U1")).code());
        PlanStore.Pending p = s.put("U1", "C1/1.1", intent, plan); // and it works on
        assertInstanceOf(PlanStore.Ok.class, open().take(PlanStore.yesId(p), "U1"));
    }

    @Test
    void should_set_aside_a_file_with_an_incomplete_entry() throws Exception {
        Files.writeString(dir.resolve("pending-plans.json"), "{\"version\":1,\"pending\":[{\"id\":\"x\"}],\"used\":[]}");
        assertEquals(0, open().size());
        assertFalse(Files.exists(dir.resolve("pending-plans.json")));
    }

    @Test
    void should_leave_no_temp_files_behind() throws Exception {
        PlanStore s = open();
        for (int i = 0; i < 5; i++) s.put("U1", "C1/1.1", intent, plan);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("pending-plans.json"), files.map(x -> x.getFileName().toString()).toList());
        }
    }
}
