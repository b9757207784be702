package ptj.slurmrunner.policy;

import java.util.List;

/**
 * What the policy says about one Intent in the current state. Nothing runs unless it is {@link Allowed}, or
 * {@link NeedsConfirmation} answered "yes" by the person who asked.
 */
public sealed interface Decision permits Decision.Allowed, Decision.NeedsConfirmation, Decision.Denied {

    /** Run {@code plan} now (for a dry run: show it, run nothing but the target's DRY_RUN=1). */
    record Allowed(Plan plan) implements Decision {}

    /** Show {@code plan} and {@code reasons} (Korean, one per line) and run it only after the requester says yes. */
    record NeedsConfirmation(Plan plan, List<String> reasons) implements Decision {
        public NeedsConfirmation {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * Refused. {@code code} is stable (profile_not_found, job_active, not_admin, unsure, …), {@code message} and
     * {@code hint} are Korean ({@code hint} may be null). Code {@code unsure} means "ask the user", not an error.
     */
    record Denied(String code, String message, String hint) implements Decision {}
}
