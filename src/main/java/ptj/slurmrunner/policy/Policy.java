package ptj.slurmrunner.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.run.MakeVariables;

/**
 * Every safety rule of the seed ("안전 규칙" 1–7 and the error table) decides here, and nothing else does.
 * Reads top to bottom per action: the exhaustive switch in {@link #decideSure} is the allowlist of make targets —
 * a new {@link Action} without a row here does not compile. Anything unexpected is denied (fail closed).
 * The rules themselves are the small functions in {@link Rules}.
 */
public final class Policy {

    /** Actions whose make target renders and reports without changing anything when given DRY_RUN=1. */
    static final Set<Action> DRY_RUN_TARGETS = Set.of(Action.PUSH, Action.SUBMIT, Action.RUN, Action.FULL,
        Action.CLEAN, Action.COLLECT, Action.SWEEP);

    public Decision decide(Intent intent, Requester who, ProjectState state) {
        try {
            Optional<Decision.Denied> flagged = Rules.refuseFlagged(intent);
            if (flagged.isPresent()) return flagged.get();
            Decision d = intent.isSure() ? decideSure(intent, who, state)
                : Rules.cancelNamesTrackedJob(intent, state).<Decision>map(x -> x).orElseGet(() -> Rules.unsureAsks(intent));
            return intent.dryRun() ? Rules.dryRun(d) : d;
        } catch (ProjectState.Unavailable e) {
            return new Decision.Denied(e.code(), Messages.get("core.policy.state_unavailable", e.getMessage()),
                Messages.get("remote_failed".equals(e.code()) ? "core.hint.remote_failed.any" : "core.hint.ssh_failed"));
        } catch (RuntimeException e) {
            // Fail closed: a rule that trips over unexpected input refuses rather than letting the action through.
            return new Decision.Denied("internal", Messages.get("core.policy.internal"), null);
        }
    }

    /**
     * At confirm time: decide again on fresh state. The confirmed plan runs only if the fresh decision asks for the
     * very same thing on the very same basis (same .jobid/.rundir content, same deletion list, same variables, same
     * profile card — an edited .conf is a different plan);
     * otherwise the result is {@code stale} and {@code fresh} says what would be asked or refused now.
     */
    public Recheck recheck(Intent intent, Plan confirmed, Requester who, ProjectState state) {
        Decision fresh = decide(intent, who, state);
        if (fresh instanceof Decision.NeedsConfirmation n && n.plan().basis().equals(confirmed.basis())
                && n.plan().vars().equals(confirmed.vars()) && Objects.equals(n.plan().card(), confirmed.card())) {
            return new Recheck(false, new Decision.Allowed(confirmed));
        }
        return new Recheck(true, fresh);
    }

    /** {@code stale}: the state moved since the question; {@code fresh} is the decision on today's state. */
    public record Recheck(boolean stale, Decision fresh) {}

    private Decision decideSure(Intent intent, Requester who, ProjectState state) throws ProjectState.Unavailable {
        Action a = intent.action();
        return switch (a) {
            case HELP -> new Decision.Allowed(Draft.of(a, null).plan());
            case HISTORY -> history(intent);
            case UNKNOWN -> new Decision.Denied("unknown", Messages.get("core.policy.unknown"), Messages.get("core.policy.unknown.hint"));
            case PROFILES, STATUS, IMAGE_STATUS -> noProfile(intent);
            case SHOW, PUSH, RECOVER -> perProfile(intent, state);
            case COMPARE -> perProfile(intent, state); // reads the bot's own result history; runs nothing
            case RUN, FULL, SUBMIT -> submitLike(intent, state);
            case SWEEP -> sweep(intent, state);
            case WATCH, LOG -> followJob(intent, state);
            case COLLECT -> collect(intent, state);
            case CLEAN -> clean(intent, who, state);
            case CANCEL -> cancel(intent, who, state);
            case IMAGE_REFRESH, IMAGE_BUILD, IMAGE_PUSH, IMAGE_SETUP -> image(intent, who);
        };
    }

    /** Reading the audit log runs nothing; a job id narrows it ("12345 누가 취소했어?"). */
    private Decision history(Intent intent) {
        Optional<Decision.Denied> badJob = Rules.explicitJobIdForm(intent);
        if (badJob.isPresent()) return badJob.get();
        Draft d = Draft.of(Action.HISTORY, null);
        if (intent.jobId() != null) d.vars.put("JOBID", intent.jobId());
        return new Decision.Allowed(d.plan());
    }

    private Decision noProfile(Intent intent) {
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of());
        if (bad.isPresent()) return bad.get();
        return new Decision.Allowed(Draft.of(intent.action(), null).plan());
    }

    private Decision perProfile(Intent intent, ProjectState state) {
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of());
        if (bad.isPresent()) return bad.get();
        Rules.Resolved r = Rules.profileExists(intent, state);
        if (r.denied() != null) return r.denied();
        Draft d = Draft.of(intent.action(), r.card().name());
        d.card = r.card();
        return new Decision.Allowed(d.plan());
    }

    private Decision submitLike(Intent intent, ProjectState state) {
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Rules.SUBMIT_OVERRIDES);
        if (bad.isPresent()) return bad.get();
        Rules.Resolved r = Rules.profileExists(intent, state);
        if (r.denied() != null) return r.denied();
        Draft d = Draft.of(intent.action(), r.card().name());
        d.card = r.card();
        if (intent.action() == Action.SUBMIT) {
            Optional<Decision.Denied> noRunDir = Rules.rundirBeforeSubmit(d, state);
            if (noRunDir.isPresent()) return noRunDir.get();
        }
        Rules.profileCard(d);
        Rules.duplicateGuard(d, state);
        Optional<Decision.Denied> badOverride = Rules.partitionAccountChange(d, intent, state);
        if (badOverride.isPresent()) return badOverride.get();
        badOverride = Rules.resourceChange(d, intent);
        if (badOverride.isPresent()) return badOverride.get();
        return d.needsConfirmation();
    }

    /**
     * One array job over a grid (docs/sweeps.md): only the grid may come from the message (nothing else in the profile
     * changes), the grid must have the toolkit's form and stay under the cap, and the card shows the grid, the number
     * of tasks, the total request and the concurrency before a yes. The duplicate guard holds as for a run.
     */
    private Decision sweep(Intent intent, ProjectState state) {
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of("SWEEP"));
        if (bad.isPresent()) return bad.get();
        Rules.Resolved r = Rules.profileExists(intent, state);
        if (r.denied() != null) return r.denied();
        Draft d = Draft.of(intent.action(), r.card().name());
        d.card = r.card();
        Optional<Decision.Denied> badGrid = Rules.sweepGrid(d, intent, state);
        if (badGrid.isPresent()) return badGrid.get();
        Rules.duplicateGuard(d, state);
        return d.needsConfirmation();
    }

    private Decision followJob(Intent intent, ProjectState state) {
        Set<String> allowed = intent.action() == Action.LOG ? Rules.LOG_OVERRIDES : Set.of();
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, allowed);
        if (bad.isPresent()) return bad.get();
        Optional<Decision.Denied> badJob = Rules.explicitJobIdForm(intent);
        if (badJob.isPresent()) return badJob.get();
        if (intent.profile() == null && intent.jobId() != null) {
            Draft d = Draft.of(intent.action(), null);
            d.vars.put("JOBID", intent.jobId());
            Rules.logOptions(d, intent);
            return new Decision.Allowed(d.plan());
        }
        Rules.Resolved r = Rules.profileExists(intent, state);
        if (r.denied() != null) return r.denied();
        Draft d = Draft.of(intent.action(), r.card().name());
        d.card = r.card();
        Optional<Decision.Denied> noJob = Rules.jobidBeforeFollow(d, intent, state);
        if (noJob.isPresent()) return noJob.get();
        Rules.logOptions(d, intent);
        return new Decision.Allowed(d.plan());
    }

    private Decision collect(Intent intent, ProjectState state) throws ProjectState.Unavailable {
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of());
        if (bad.isPresent()) return bad.get();
        Optional<Decision.Denied> badJob = Rules.explicitJobIdForm(intent);
        if (badJob.isPresent()) return badJob.get();
        Rules.Resolved r = Rules.profileExists(intent, state);
        if (r.denied() != null) return r.denied();
        Draft d = Draft.of(intent.action(), r.card().name());
        d.card = r.card();
        Optional<Decision.Denied> noJob = Rules.jobidBeforeFollow(d, intent, state);
        if (noJob.isPresent()) return noJob.get();
        Optional<Decision.Denied> active = Rules.collectNotActive(d, state);
        if (active.isPresent()) return active.get();
        return new Decision.Allowed(d.plan());
    }

    private Decision clean(Intent intent, Requester who, ProjectState state) throws ProjectState.Unavailable {
        Optional<Decision.Denied> notAdmin = Rules.adminOnly(intent.action(), who);
        if (notAdmin.isPresent()) return notAdmin.get();
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of());
        if (bad.isPresent()) return bad.get();
        Draft d = Draft.of(intent.action(), null);
        Optional<Decision.Denied> nothing = Rules.cleanList(d, state);
        if (nothing.isPresent()) return nothing.get();
        return d.needsConfirmation();
    }

    private Decision cancel(Intent intent, Requester who, ProjectState state) {
        Optional<Decision.Denied> notAdmin = Rules.adminOnly(intent.action(), who);
        if (notAdmin.isPresent()) return notAdmin.get();
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of());
        if (bad.isPresent()) return bad.get();
        Draft d = Draft.of(intent.action(), null);
        Optional<Decision.Denied> notOne = Rules.cancelSingleJob(d, intent, state);
        if (notOne.isPresent()) return notOne.get();
        return d.needsConfirmation();
    }

    private Decision image(Intent intent, Requester who) {
        Optional<Decision.Denied> notAdmin = Rules.adminOnly(intent.action(), who);
        if (notAdmin.isPresent()) return notAdmin.get();
        Optional<Decision.Denied> bad = Rules.onlyAllowedOverrides(intent, Set.of());
        if (bad.isPresent()) return bad.get();
        Draft d = Draft.of(intent.action(), null);
        d.reasons.add(Messages.get("core.policy.image.confirm", intent.action().wireName()));
        return d.needsConfirmation();
    }

    /** A plan being put together by the rules. */
    static final class Draft {
        final Action action;
        final String profile;
        final Map<String, String> vars = new LinkedHashMap<>();
        final List<String> reasons = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<Plan.Change> changes = new ArrayList<>();
        ProfileCard card;
        CleanList deletions;
        String jobIdFile;
        String runDirFile;
        String jobState;

        private Draft(Action action, String profile) {
            this.action = action;
            this.profile = profile;
        }

        static Draft of(Action action, String profile) {
            Draft d = new Draft(action, profile);
            if (profile != null) d.vars.put("PROFILE", profile);
            return d;
        }

        Plan plan() {
            String target = action.makeTarget().orElse(null);
            return new Plan(action, target, vars, false, profile, false, card, deletions, changes, warnings,
                new Plan.Basis(jobIdFile, runDirFile, jobState, deletions));
        }

        Decision needsConfirmation() {
            return new Decision.NeedsConfirmation(plan(), reasons);
        }
    }
}
