package ptj.slurmrunner.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ptj.slurmrunner.intent.Action;

/**
 * Exactly what would run: {@code make slurm-<action> VAR=value… OUTPUT=json} with validated variables (in order),
 * plus what the user must see before saying yes, plus the state it was based on so a late "yes" can be re-checked.
 * {@code target} is empty for actions without a make target (help, history). {@code profileImplied} is true when the
 * profile came from the conversation ("결과 가져와" after talking about backtest_v5), so the reply names it.
 */
public record Plan(Action action, String target, Map<String, String> vars, boolean dryRun, String profile,
                   boolean profileImplied, ProfileCard card, CleanList deletions, List<Change> changes,
                   List<String> warnings, Basis basis) {

    public Plan {
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        changes = List.copyOf(changes);
        warnings = List.copyOf(warnings);
        basis = basis == null ? Basis.NONE : basis;
    }

    public boolean hasTarget() {
        return target != null && !target.isEmpty();
    }

    /** The make command line as the user would type it (for dry runs and the audit), e.g. {@code make slurm-run PROFILE=x}. */
    public String commandLine() {
        List<String> parts = new ArrayList<>();
        parts.add("make");
        parts.add(target);
        vars.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(" ", parts);
    }

    public Plan withProfileImplied(boolean implied) {
        return new Plan(action, target, vars, dryRun, profile, implied, card, deletions, changes, warnings, basis);
    }

    /** One old → new value the user asked for (PARTITION, ACCOUNT, CPUS, MEM, TIME). */
    public record Change(String key, String oldValue, String newValue) {}

    /**
     * The state a plan was decided on: the .jobid/.rundir content, the job's state, the deletion list. A confirmation
     * runs only if the state read again at click time is the same.
     */
    public record Basis(String jobIdFile, String runDirFile, String jobState, CleanList cleanList) {
        public static final Basis NONE = new Basis(null, null, null, null);
    }
}
