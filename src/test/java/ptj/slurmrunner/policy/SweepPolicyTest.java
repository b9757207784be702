package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;

/** The sweep row of the policy, one rule at a time (docs/sweeps.md). */
class SweepPolicyTest {
    private final Policy policy = new Policy();
    private final Requester user = new Requester("U2", false);

    private static Intent sweep(String profile, Map<String, String> overrides) {
        return new Intent(Action.SWEEP, profile, null, overrides, false, Intent.Confidence.SURE, "rules", null);
    }

    private static Intent sweep(String grid) {
        return sweep("backtest_v5", grid == null ? Map.of() : Map.of("SWEEP", grid));
    }

    @Test
    void should_ask_with_the_grid_the_task_count_the_total_request_and_the_concurrency() {
        Decision d = policy.decide(sweep("seed=1..20"), user, FakeState.seed());
        Decision.NeedsConfirmation n = assertInstanceOf(Decision.NeedsConfirmation.class, d);
        assertEquals("slurm-sweep", n.plan().target());
        assertEquals(Map.of("PROFILE", "backtest_v5", "SWEEP", "seed=1..20", "MAX_PARALLEL", "10"), n.plan().vars());
        assertEquals("make slurm-sweep PROFILE=backtest_v5 SWEEP=seed=1..20 MAX_PARALLEL=10", n.plan().commandLine());
        String card = String.join("\n", n.reasons());
        assertTrue(card.contains("Grid:       seed 1..20"), card);
        assertTrue(card.contains("Task:       20개"), card);
        assertTrue(card.contains("총 20 × 20 CPU (400 CPU), 각 40G RAM"), card);
        assertTrue(card.contains("동시 실행:  최대 10개"), card);
        assertEquals("backtest_v5", n.plan().card().name()); // the [Profile 확인] card as for a run
    }

    @Test
    void should_refuse_a_grid_over_the_cap_before_anything_runs() {
        Decision.Denied d = assertInstanceOf(Decision.Denied.class,
            policy.decide(sweep("seed=1..101"), user, FakeState.seed()));
        assertEquals("too_many_tasks", d.code());
        assertTrue(d.message().contains("101") && d.message().contains("100"), d.message());
        assertInstanceOf(Decision.NeedsConfirmation.class, policy.decide(sweep("seed=1..100"), user, FakeState.seed()));
        assertEquals("too_many_tasks", assertInstanceOf(Decision.Denied.class,
            policy.decide(sweep("seed=1..11 stop-loss=0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0"), user, FakeState.seed())).code());
    }

    @Test
    void should_take_the_cap_and_the_concurrency_from_the_cluster_settings() {
        FakeState s = new FakeState() {
            @Override
            public int sweepMax() {
                return 10;
            }

            @Override
            public String sweepMaxParallel() {
                return "3";
            }
        };
        s.cards.putAll(FakeState.seed().cards);
        assertEquals("too_many_tasks", assertInstanceOf(Decision.Denied.class, policy.decide(sweep("seed=1..11"), user, s)).code());
        Decision.NeedsConfirmation n = assertInstanceOf(Decision.NeedsConfirmation.class,
            policy.decide(sweep("seed=1..10"), user, s));
        assertEquals("3", n.plan().vars().get("MAX_PARALLEL"));
    }

    @Test
    void should_refuse_a_missing_or_malformed_grid() {
        for (String bad : new String[] {null, "seed", "seed=1;reboot", "seed=$(id)", "seed=5..1", "Seed=1,2"}) {
            Decision.Denied d = assertInstanceOf(Decision.Denied.class, policy.decide(sweep(bad), user, FakeState.seed()),
                String.valueOf(bad));
            assertTrue(List.of("invalid_sweep", "invalid_variable").contains(d.code()), bad + " → " + d.code());
        }
    }

    @Test
    void should_change_nothing_else_in_the_profile() {
        Map<String, String> ov = new LinkedHashMap<>(Map.of("SWEEP", "seed=1..4"));
        ov.put("CPUS", "40");
        Decision.Denied d = assertInstanceOf(Decision.Denied.class, policy.decide(sweep("backtest_v5", ov), user,
            FakeState.seed()));
        assertEquals("override_not_allowed", d.code());
    }

    @Test
    void should_list_the_profiles_for_an_unknown_one() {
        Decision.Denied d = assertInstanceOf(Decision.Denied.class,
            policy.decide(sweep("backtest_v9", Map.of("SWEEP", "seed=1..4")), user, FakeState.seed()));
        assertEquals("profile_not_found", d.code());
    }

    @Test
    void should_warn_like_a_run_when_the_profile_already_tracks_a_job() {
        FakeState s = FakeState.seed();
        s.jobIds.put("backtest_v5", "812");
        s.states.put("812", "RUNNING");
        Decision.NeedsConfirmation n = assertInstanceOf(Decision.NeedsConfirmation.class,
            policy.decide(sweep("seed=1..4"), user, s));
        assertEquals("1", n.plan().vars().get("FORCE"));
        assertTrue(String.join("\n", n.reasons()).contains("812"), n.reasons().toString());
    }

    @Test
    void should_only_preview_a_dry_run_and_ask_back_when_unsure() {
        Intent dry = new Intent(Action.SWEEP, "backtest_v5", null, Map.of("SWEEP", "seed=1..4"), true,
            Intent.Confidence.SURE, "rules", null);
        Decision.Allowed a = assertInstanceOf(Decision.Allowed.class, policy.decide(dry, user, FakeState.seed()));
        assertEquals("1", a.plan().vars().get("DRY_RUN"));
        Intent unsure = new Intent(Action.SWEEP, "backtest_v5", null, Map.of("SWEEP", "seed=1..4"), false,
            Intent.Confidence.UNSURE, "rules", null);
        assertEquals("unsure", assertInstanceOf(Decision.Denied.class, policy.decide(unsure, user, FakeState.seed())).code());
    }

    // ---- one task of a sweep ("812_3") against the whole array ("812"), rule 6 --------------------------------------

    private final Requester admin = new Requester("U1", true);

    private static FakeState trackingSweep() {
        FakeState s = FakeState.seed();
        s.jobIds.put("backtest_v5", "812");
        s.sweeps.put("812", 4);
        s.states.put("812", "RUNNING");
        return s;
    }

    private Decision.NeedsConfirmation cancel(String jobId, FakeState s) {
        return assertInstanceOf(Decision.NeedsConfirmation.class,
            policy.decide(Intents.job(Action.CANCEL, null, jobId), admin, s), jobId);
    }

    @Test
    void should_ask_before_cancelling_one_task_and_say_it_is_one_task() {
        Decision.NeedsConfirmation n = cancel("812_3", trackingSweep());
        assertEquals(Map.of("JOBID", "812_3"), n.plan().vars());
        assertEquals("make slurm-cancel JOBID=812_3", n.plan().commandLine());
        String card = String.join("\n", n.reasons());
        assertTrue(card.contains("작업 1개 (812_3)") && card.contains("Sweep Job 812 (backtest_v5)"), card);
        assertFalse(card.contains("스윕 전체"), card);
        assertTrue(n.plan().warnings().isEmpty(), "a task of a tracked sweep is tracked: " + n.plan().warnings());
    }

    @Test
    void should_say_a_whole_sweep_and_its_task_count_when_the_array_id_is_cancelled() {
        Decision.NeedsConfirmation n = cancel("812", trackingSweep());
        assertEquals(Map.of("JOBID", "812"), n.plan().vars());
        String card = String.join("\n", n.reasons());
        assertTrue(card.contains("스윕 전체(작업 4개)") && card.contains("backtest_v5"), card);
        // not known as a sweep: the plain job's sentence, nothing invented
        FakeState plain = FakeState.seed();
        plain.jobIds.put("backtest_v5", "812");
        String plainCard = String.join("\n", cancel("812", plain).reasons());
        assertFalse(plainCard.contains("스윕"), plainCard);
        assertTrue(plainCard.contains("Job 812 (backtest_v5)"), plainCard);
    }

    @Test
    void should_point_out_a_task_of_an_untracked_sweep() {
        Decision.NeedsConfirmation n = cancel("999_1", trackingSweep());
        assertTrue(n.plan().warnings().get(0).contains("999_1"), n.plan().warnings().toString());
        assertTrue(String.join("\n", n.reasons()).contains("작업 1개 (999_1)"), n.reasons().toString());
    }

    @Test
    void should_refuse_every_other_shape_of_job_id_for_a_cancel() {
        for (String bad : List.of("812_", "_3", "812__3", "812_3_4", "812_[1-3]", "812_1-3", "812_3,812_4", "812_3 812_4",
                "812_1234567", "1234567890123_1", "812_3;id", "812_$(id)", "812_-1", "812_+1", "８１２_3")) {
            Decision.Denied d = assertInstanceOf(Decision.Denied.class,
                policy.decide(Intents.job(Action.CANCEL, null, bad), admin, trackingSweep()), bad);
            assertEquals("cancel_bulk", d.code(), bad);
        }
    }

    @Test
    void should_refuse_a_bulk_flagged_cancel_even_with_a_task_id() {
        Intent bulk = new Intent(Action.CANCEL, null, "812_3", Map.of(), false, Intent.Confidence.UNSURE, "rules", null,
            java.util.Set.of(Intent.Flag.BULK));
        assertEquals("bulk", assertInstanceOf(Decision.Denied.class, policy.decide(bulk, admin, trackingSweep())).code());
    }

    @Test
    void should_show_one_tasks_log_by_its_task_id() {
        for (String profile : java.util.Arrays.asList(null, "backtest_v5")) {
            Decision.Allowed a = assertInstanceOf(Decision.Allowed.class,
                policy.decide(Intents.job(Action.LOG, profile, "812_3"), user, trackingSweep()), String.valueOf(profile));
            assertEquals("812_3", a.plan().vars().get("JOBID"));
            assertEquals("slurm-log", a.plan().target());
        }
    }

    @Test
    void should_refuse_a_malformed_id_for_a_log() {
        for (String bad : List.of("812_", "812_3_4", "812_1234567", "812_3;id")) {
            Decision.Denied d = assertInstanceOf(Decision.Denied.class,
                policy.decide(Intents.job(Action.LOG, null, bad), user, trackingSweep()), bad);
            assertEquals("invalid_jobid", d.code(), bad);
        }
    }

    @Test
    void should_watch_and_collect_a_sweep_only_as_a_whole() {
        for (Action a : List.of(Action.WATCH, Action.COLLECT)) {
            Decision.Denied d = assertInstanceOf(Decision.Denied.class,
                policy.decide(Intents.job(a, "backtest_v5", "812_3"), user, trackingSweep()), a.name());
            assertEquals("task_id_not_taken", d.code(), a.name());
            assertTrue(d.message().contains("812_3") && d.message().contains("812"), d.message());
        }
        assertTrue(assertInstanceOf(Decision.Denied.class, policy.decide(Intents.job(Action.WATCH, null, "812_3"), user,
            trackingSweep())).hint().contains("\"812 지켜봐줘\""));
        assertInstanceOf(Decision.Allowed.class, policy.decide(Intents.job(Action.WATCH, null, "812"), user, trackingSweep()));
    }
}
