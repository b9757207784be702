package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
