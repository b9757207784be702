package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.run.MakeVariables;

/**
 * Policy invariants for any intent a parser (rules or a hostile LLM) could hand over, any requester, any job state:
 * it never throws; whatever it allows or asks about is an allowlisted target with valid variables; nothing that
 * changes the cluster is Allowed outright (only asked about, or shown as a dry run); an unsure intent and a
 * non-admin's clean/cancel/image build are never even asked.
 */
class PolicyPropertiesTest {
    static final Set<Action> CHANGES = EnumSet.of(Action.RUN, Action.FULL, Action.SUBMIT, Action.CLEAN, Action.CANCEL,
        Action.IMAGE_REFRESH, Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);
    static final Set<Action> ADMIN_ONLY = EnumSet.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH,
        Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);
    static final List<String> KEYS = List.of("PARTITION", "ACCOUNT", "CPUS", "MEM", "TIME", "LINES", "STREAM", "CONFIRM",
        "FORCE", "JOBID", "PROFILE", "DRY_RUN", "OUTPUT", "SHELL", "MAKEFLAGS", "-f", "PROJECT_DIR");

    @Provide
    Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
            Arbitraries.of("backtest_v5", "optimizer_v5", "study_exit_params", "backtest_v6", "../x", "a;b", "$(id)",
                "`id`", "12345", "0", "-1", "99999999999999999999", "all", "gpu", "16G", "04:00:00", "yes", "1", "", " "),
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(20));
    }

    @Provide
    Arbitrary<Intent> intents() {
        Arbitrary<Action> action = Arbitraries.of(Action.class);
        Arbitrary<String> profile = hostileText().injectNull(0.2);
        Arbitrary<String> jobId = hostileText().injectNull(0.5);
        Arbitrary<Map<String, String>> overrides = Arbitraries.maps(Arbitraries.of(KEYS), hostileText()).ofMaxSize(4);
        Arbitrary<Set<Intent.Flag>> flags = Arbitraries.subsetOf(Intent.Flag.values());
        return Combinators.combine(action, profile, jobId, overrides, Arbitraries.of(true, false),
                Arbitraries.of(Intent.Confidence.class), flags)
            .as((a, p, j, o, dry, conf, f) -> new Intent(a, p, j, o, dry, conf, "llm", null, f));
    }

    @Provide
    Arbitrary<FakeState> states() {
        return Combinators.combine(Arbitraries.of("RUNNING", "PENDING", "COMPLETED", "FAILED", "UNKNOWN", "CANCELLED"),
                Arbitraries.of(true, false), Arbitraries.of(true, false))
            .as((st, tracked, down) -> {
                FakeState s = FakeState.seed();
                if (tracked) {
                    s.jobIds.put("backtest_v5", "12345");
                    s.runDirs.put("backtest_v5", "runs/backtest_v5-20260224-143052");
                    s.states.put("12345", st);
                }
                if (down) s.unavailable = "ssh_failed";
                s.clean = new CleanList(List.of("runs/backtest_v5-20260101-000000"), List.of(), List.of());
                return s;
            });
    }

    @Property(tries = 3000)
    void should_only_allow_or_ask_for_allowlisted_targets_with_valid_variables(
            @ForAll("intents") Intent intent, @ForAll boolean admin, @ForAll("states") FakeState state) {
        Decision d = new Policy().decide(intent, new Requester("U1", admin), state);
        Plan plan = d instanceof Decision.Allowed a ? a.plan() : d instanceof Decision.NeedsConfirmation n ? n.plan() : null;
        if (plan == null) return;
        if (plan.hasTarget()) {
            assertEquals(plan.action().makeTarget().orElse(""), plan.target(), "target of " + plan.action());
        }
        Map<String, String> vars = new HashMap<>(plan.vars());
        vars.forEach((k, v) -> assertTrue(MakeVariables.valid(k, v), "invalid " + k + "=" + v + " from " + intent));
    }

    @Property(tries = 3000)
    void should_never_allow_a_change_outright(@ForAll("intents") Intent intent, @ForAll boolean admin,
                                              @ForAll("states") FakeState state) {
        Decision d = new Policy().decide(intent, new Requester("U1", admin), state);
        if (d instanceof Decision.Allowed a && CHANGES.contains(a.plan().action())) {
            assertTrue(a.plan().dryRun(), "allowed without a question: " + a.plan().commandLine() + " from " + intent);
        }
    }

    @Property(tries = 2000)
    void should_not_even_ask_when_unsure_or_not_admin(@ForAll("intents") Intent intent, @ForAll("states") FakeState state) {
        Decision asAdmin = new Policy().decide(intent, new Requester("U1", true), state);
        if (!intent.isSure()) {
            assertFalse(asAdmin instanceof Decision.NeedsConfirmation, "unsure intent asked: " + intent);
        }
        Decision notAdmin = new Policy().decide(intent, new Requester("U2", false), state);
        if (ADMIN_ONLY.contains(intent.action()) && !intent.dryRun()) {
            assertTrue(notAdmin instanceof Decision.Denied, "non-admin " + intent.action() + ": " + notAdmin);
        }
    }
}
