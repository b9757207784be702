package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.run.MakeVariables;

/** Walks every Action through the policy: what a typical, well-formed request for it is decided as. */
class PolicyTest {
    private final Policy policy = new Policy();
    private final Requester admin = new Requester("U1", true);
    private final Requester user = new Requester("U2", false);

    private enum Expect { ALLOWED, CONFIRM, DENIED }

    /** The table every new action must get a row in (exhaustive switch: no default). */
    private static Expect expected(Action a) {
        return switch (a) {
            case RUN, FULL, SUBMIT, SWEEP, CLEAN, CANCEL, IMAGE_REFRESH, IMAGE_BUILD, IMAGE_PUSH, IMAGE_SETUP -> Expect.CONFIRM;
            case STATUS, WATCH, LOG, COLLECT, RECOVER, PUSH, IMAGE_STATUS, PROFILES, SHOW, HISTORY, COMPARE, HELP -> Expect.ALLOWED;
            case UNKNOWN -> Expect.DENIED;
        };
    }

    private static Intent typical(Action a) {
        return switch (a) {
            case CANCEL -> Intent.sure(a, null, "12345");
            case SWEEP -> new Intent(a, "backtest_v5", null, java.util.Map.of("SWEEP", "seed=1..4"), false,
                Intent.Confidence.SURE, "rules", null);
            case STATUS, CLEAN, IMAGE_REFRESH, IMAGE_BUILD, IMAGE_PUSH, IMAGE_SETUP, IMAGE_STATUS, PROFILES, HISTORY,
                HELP, UNKNOWN -> Intent.sure(a, null, null);
            default -> Intent.sure(a, "backtest_v5", null);
        };
    }

    private static FakeState readyState() {
        FakeState s = FakeState.seed();
        s.jobIds.put("backtest_v5", "12345");
        s.runDirs.put("backtest_v5", "runs/backtest_v5-20260224-143052");
        s.states.put("12345", "COMPLETED");
        s.clean = new CleanList(List.of("runs/optimizer_v5-20260223-110000"), List.of("optimizer_v5.rundir"), List.of());
        return s;
    }

    @Test
    void should_decide_every_action_as_its_table_row_says() {
        for (Action a : Action.values()) {
            Decision d = policy.decide(typical(a), admin, readyState());
            switch (expected(a)) {
                case ALLOWED -> assertInstanceOf(Decision.Allowed.class, d, a + " → " + d);
                case CONFIRM -> assertInstanceOf(Decision.NeedsConfirmation.class, d, a + " → " + d);
                case DENIED -> assertInstanceOf(Decision.Denied.class, d, a + " → " + d);
            }
        }
    }

    @Test
    void should_only_plan_the_actions_own_make_target_with_valid_variables() {
        for (Action a : Action.values()) {
            Decision d = policy.decide(typical(a), admin, readyState());
            Plan p = d instanceof Decision.Allowed al ? al.plan()
                : d instanceof Decision.NeedsConfirmation n ? n.plan() : null;
            if (p == null) continue;
            assertEquals(a.makeTarget().orElse(null), p.target(), a.toString());
            assertEquals(Optional.empty(), MakeVariables.firstInvalid(p.vars()), a + " " + p.vars());
        }
    }

    @Test
    void should_ask_instead_of_acting_on_every_unsure_intent() {
        for (Action a : Action.values()) {
            Intent i = typical(a);
            Intent unsure = new Intent(a, i.profile(), i.jobId(), i.overrides(), false, Intent.Confidence.UNSURE, "llm", null);
            Decision d = policy.decide(unsure, admin, readyState());
            assertEquals("unsure", assertInstanceOf(Decision.Denied.class, d, a.toString()).code(), a.toString());
        }
    }

    @Test
    void should_refuse_admin_actions_to_non_admins_and_nothing_else() {
        for (Action a : Action.values()) {
            Decision d = policy.decide(typical(a), user, readyState());
            boolean adminOnly = Rules.ADMIN_ONLY.contains(a);
            if (adminOnly) {
                assertEquals("not_admin", assertInstanceOf(Decision.Denied.class, d, a.toString()).code());
            } else if (d instanceof Decision.Denied denied) {
                assertTrue(!"not_admin".equals(denied.code()), a.toString());
            }
        }
        assertTrue(Rules.ADMIN_ONLY.containsAll(List.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH)));
    }

    @Test
    void should_fail_closed_when_a_lookup_throws_unexpectedly() {
        FakeState broken = new FakeState() {
            @Override
            public List<String> profiles() {
                throw new IllegalStateException("disk gone");
            }
        };
        for (Action a : List.of(Action.RUN, Action.COLLECT, Action.SUBMIT, Action.LOG)) {
            Decision d = policy.decide(typical(a), admin, broken);
            assertEquals("internal", assertInstanceOf(Decision.Denied.class, d).code());
        }
    }

    @Test
    void should_refuse_when_the_server_cannot_say_the_job_state() {
        FakeState s = readyState();
        s.unavailable = "ssh_failed";
        Decision d = policy.decide(typical(Action.COLLECT), admin, s);
        assertEquals("ssh_failed", assertInstanceOf(Decision.Denied.class, d).code());
        d = policy.decide(typical(Action.CLEAN), admin, s);
        assertEquals("ssh_failed", assertInstanceOf(Decision.Denied.class, d).code());
    }

    @Test
    void should_not_blame_the_network_when_the_remote_script_failed() {
        FakeState s = readyState();
        s.unavailable = "remote_failed";
        Decision.Denied d = assertInstanceOf(Decision.Denied.class, policy.decide(typical(Action.COLLECT), admin, s));
        assertEquals("remote_failed", d.code());
        assertTrue(d.hint().contains("네트워크 문제는 아닙니다"), d.hint());
        s.unavailable = "ssh_failed";
        d = assertInstanceOf(Decision.Denied.class, policy.decide(typical(Action.COLLECT), admin, s));
        assertTrue(d.hint().contains("VPN"), d.hint());
    }
}
