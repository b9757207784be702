package ptj.slurmrunner.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.run.MakeVariables;
import ptj.slurmrunner.sweep.SweepGrid;

/**
 * The seed's safety rules, one small function each (each has its own test in RulesTest). They either refuse
 * (return a {@link Decision.Denied}) or add to the draft plan what the user must see and confirm.
 */
final class Rules {
    static final Set<String> SUBMIT_OVERRIDES = Set.of("PARTITION", "ACCOUNT", "CPUS", "MEM", "TIME");
    static final Set<String> LOG_OVERRIDES = Set.of("LINES", "STREAM");
    /** Seed: "파티션 shared, account taehyun은 이 클러스터에서 무효"; the error table adds shared_e101. */
    static final Set<String> KNOWN_INVALID_PARTITIONS = Set.of("shared", "shared_e101");
    static final Set<String> KNOWN_INVALID_ACCOUNTS = Set.of("taehyun");
    static final Set<String> ACTIVE_STATES = Set.of("RUNNING", "PENDING", "CONFIGURING", "COMPLETING", "SUSPENDED",
        "REQUEUED", "RESIZING");
    static final Set<Action> ADMIN_ONLY = Set.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH,
        Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);

    /** What the toolkit does with one task of a sweep: cancel it, show its log; history and status only read. */
    static final Set<Action> TAKES_TASK_ID = Set.of(Action.CANCEL, Action.LOG, Action.HISTORY, Action.STATUS);

    private Rules() {}

    /**
     * The only shapes a job id may have (fail closed): one job, or one task of a sweep, array id _ index ("812_3") —
     * MakeVariables' JOBID form, the one the make call gets; the toolkit checks the same shapes again (RE_JOBID,
     * RE_TASKID in scripts/slurm/lib/config.sh).
     */
    static boolean jobIdForm(String id) {
        return id != null && MakeVariables.valid("JOBID", id);
    }

    /** "812_3" → "812"; a plain job id stays as it is. */
    static String arrayIdOf(String jobId) {
        int u = jobId.indexOf('_');
        return u < 0 ? jobId : jobId.substring(0, u);
    }

    static boolean isTaskId(String jobId) {
        return jobId != null && jobId.indexOf('_') > 0;
    }

    record Resolved(ProfileCard card, Decision.Denied denied) {}

    /**
     * Whatever the confidence: a bulk request never becomes an action (rule 6 and beyond), a negated one ("실행하지
     * 마") does nothing, and a message with shell-looking characters is asked back, never passed on.
     */
    static Optional<Decision.Denied> refuseFlagged(Intent intent) {
        if (intent.has(Intent.Flag.BULK)) {
            String msg = intent.action() == Action.CANCEL ? Messages.get("core.policy.bulk_cancel")
                : Messages.get("core.policy.bulk");
            return Optional.of(new Decision.Denied("bulk", msg, Messages.get("core.policy.cancel.hint")));
        }
        if (intent.has(Intent.Flag.NEGATED)) {
            return Optional.of(new Decision.Denied("negated", Messages.get("core.policy.negated"), null));
        }
        if (intent.has(Intent.Flag.SUSPICIOUS)) {
            return Optional.of(new Decision.Denied("suspicious", Messages.get("core.policy.suspicious"),
                Messages.get("core.policy.unsure.hint")));
        }
        return Optional.empty();
    }

    /** A guess is never acted on: ask. */
    static Decision unsureAsks(Intent intent) {
        String q = intent.question() != null && !intent.question().isBlank() ? intent.question()
            : Messages.get("core.policy.unsure");
        return new Decision.Denied("unsure", q, Messages.get("core.policy.unsure.hint"));
    }

    /** A dry run shows the plan (and what would have been asked) and runs nothing but the target's DRY_RUN=1. */
    static Decision dryRun(Decision d) {
        if (d instanceof Decision.Allowed a) return new Decision.Allowed(toDry(a.plan(), List.of()));
        if (d instanceof Decision.NeedsConfirmation n) return new Decision.Allowed(toDry(n.plan(), n.reasons()));
        return d;
    }

    private static Plan toDry(Plan p, List<String> reasons) {
        Map<String, String> vars = new LinkedHashMap<>(p.vars());
        if (Policy.DRY_RUN_TARGETS.contains(p.action())) vars.put("DRY_RUN", "1");
        List<String> warnings = new ArrayList<>(p.warnings());
        warnings.addAll(reasons);
        return new Plan(p.action(), p.target(), vars, true, p.profile(), p.profileImplied(), p.card(), p.deletions(),
            p.changes(), warnings, p.basis());
    }

    /** Only the overrides an action understands, each in its contract form; anything else is refused. */
    static Optional<Decision.Denied> onlyAllowedOverrides(Intent intent, Set<String> allowed) {
        for (Map.Entry<String, String> e : intent.overrides().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                return Optional.of(new Decision.Denied("override_not_allowed",
                    Messages.get("core.policy.override_not_allowed", intent.action().wireName(), e.getKey()), null));
            }
            if (!MakeVariables.valid(e.getKey(), e.getValue())) {
                return Optional.of(new Decision.Denied("invalid_variable",
                    Messages.get("core.policy.invalid_variable", e.getKey(), e.getValue()),
                    Messages.get("core.policy.invalid_variable.hint." + e.getKey())));
            }
        }
        return Optional.empty();
    }

    /** Error table: unknown profile → the list of profiles. No profile at all → ask which. */
    static Resolved profileExists(Intent intent, ProjectState state) {
        Resolved r = profileExists(intent.profile(), state);
        if (r.denied() != null && "profile_required".equals(r.denied().code()) && intent.question() != null
                && !intent.question().isBlank()) {
            return new Resolved(null, new Decision.Denied("profile_required", intent.question(), null));
        }
        return r;
    }

    static Resolved profileExists(String name, ProjectState state) {
        List<String> names = state.profiles();
        String list = names.isEmpty() ? Messages.get("core.policy.no_profiles") : String.join(", ", names);
        if (name == null || name.isBlank()) {
            return new Resolved(null, new Decision.Denied("profile_required",
                Messages.get("core.policy.profile_required"), Messages.get("core.policy.profile_list", list)));
        }
        if (!MakeVariables.valid("PROFILE", name) || !names.contains(name)) {
            return new Resolved(null, new Decision.Denied("profile_not_found",
                Messages.get("core.policy.profile_not_found", name), Messages.get("core.policy.profile_list", list)));
        }
        Optional<ProfileCard> card;
        try {
            card = state.profile(name);
        } catch (ProjectState.Unavailable e) {
            // The .conf exists but the toolkit cannot use it (e.g. MEM=40GB): say why, never "no such profile".
            String hintKey = "core.hint." + e.code();
            return new Resolved(null, new Decision.Denied(e.code(), e.getMessage(),
                Messages.has(hintKey) ? Messages.get(hintKey, name) : Messages.get("core.hint.internal")));
        }
        if (card.isEmpty()) {
            return new Resolved(null, new Decision.Denied("profile_not_found",
                Messages.get("core.policy.profile_not_found", name), Messages.get("core.policy.profile_list", list)));
        }
        return new Resolved(card.get(), null);
    }

    /** Error table: submit without .rundir → "push 먼저 실행 필요". */
    static Optional<Decision.Denied> rundirBeforeSubmit(Policy.Draft d, ProjectState state) {
        Optional<String> runDir = state.trackedRunDir(d.profile);
        if (runDir.isEmpty()) {
            return Optional.of(new Decision.Denied("no_rundir", Messages.get("core.policy.no_rundir", d.profile),
                Messages.get("core.hint.no_rundir", d.profile)));
        }
        d.runDirFile = runDir.get();
        return Optional.empty();
    }

    /** Rule 1: before submitting, show the "[Profile 확인]" card and ask. */
    static void profileCard(Policy.Draft d) {
        d.reasons.add(Messages.get("core.policy.profile_card.confirm", d.profile, Messages.get("core.action." + d.action.wireName())));
    }

    /** Rule 2: an existing .jobid → the seed's duplicate warning; going ahead means FORCE=1. */
    static void duplicateGuard(Policy.Draft d, ProjectState state) {
        Optional<String> existing = state.trackedJobId(d.profile);
        if (existing.isPresent()) {
            d.jobIdFile = existing.get();
            String ended = endedState(existing.get(), state);
            d.reasons.add(ended == null ? Messages.get("core.policy.duplicate", d.profile, existing.get())
                : Messages.get("core.policy.duplicate.ended", d.profile, existing.get(), ended));
            d.vars.put("FORCE", "1");
        }
    }

    /** The job's final state when the server says it has ended (CANCELLED, COMPLETED, …); null when active or unknown. */
    private static String endedState(String jobId, ProjectState state) {
        try {
            String st = state.jobState(jobId);
            return st == null || st.isEmpty() || "UNKNOWN".equals(st) || ACTIVE_STATES.contains(st) ? null : st;
        } catch (ProjectState.Unavailable e) {
            return null; // the seed's warning alone; the question is asked anyway
        }
    }

    /** Rule 5: partition other than `all` / account other than `default` → ask, showing old → new. */
    static Optional<Decision.Denied> partitionAccountChange(Policy.Draft d, Intent intent, ProjectState state) {
        String[][] keys = {{"PARTITION", d.card.partition(), state.defaultPartition()},
            {"ACCOUNT", d.card.account(), state.defaultAccount()}};
        for (String[] k : keys) {
            String key = k[0];
            String current = k[1] == null ? k[2] : k[1];
            String wanted = intent.overrides().get(key);
            if (wanted == null) {
                if (!current.equals(k[2])) d.reasons.add(Messages.get("core.policy.nondefault." + key, current, k[2]));
                continue;
            }
            if (!MakeVariables.valid(key, wanted)) {
                return Optional.of(new Decision.Denied("invalid_variable",
                    Messages.get("core.policy.invalid_variable", key, wanted), null));
            }
            if (wanted.equals(current)) continue;
            d.vars.put(key, wanted);
            d.changes.add(new Plan.Change(key, current, wanted));
            d.reasons.add(Messages.get("core.policy.change", key, current, wanted));
            Set<String> invalid = key.equals("PARTITION") ? KNOWN_INVALID_PARTITIONS : KNOWN_INVALID_ACCOUNTS;
            if (invalid.contains(wanted)) d.warnings.add(Messages.get("core.policy.known_invalid." + key, wanted, k[2]));
        }
        return Optional.empty();
    }

    /** Rule 7: CPU/MEM/TIME change only when the user asked, shown old → new and confirmed. */
    static Optional<Decision.Denied> resourceChange(Policy.Draft d, Intent intent) {
        String[][] keys = {{"CPUS", d.card.cpus()}, {"MEM", d.card.mem()}, {"TIME", d.card.time()}};
        for (String[] k : keys) {
            String wanted = intent.overrides().get(k[0]);
            if (wanted == null) continue;
            if (!MakeVariables.valid(k[0], wanted)) {
                return Optional.of(new Decision.Denied("invalid_variable",
                    Messages.get("core.policy.invalid_variable", k[0], wanted),
                    Messages.get("core.policy.invalid_variable.hint." + k[0])));
            }
            if (wanted.equals(k[1])) continue;
            d.vars.put(k[0], wanted);
            d.changes.add(new Plan.Change(k[0], k[1], wanted));
            d.reasons.add(Messages.get("core.policy.change", k[0], k[1], wanted));
        }
        return Optional.empty();
    }

    /**
     * A job id the user typed must be one plain number, or one sweep task ("812_3") for the actions the toolkit takes
     * it for (cancel, log); watch and collect follow a sweep as a whole, so a task id there is refused with the
     * array's own request.
     */
    static Optional<Decision.Denied> explicitJobIdForm(Intent intent) {
        String id = intent.jobId();
        if (id != null && !jobIdForm(id)) {
            return Optional.of(new Decision.Denied("invalid_jobid",
                Messages.get("core.policy.invalid_jobid", id), Messages.get("sweep.policy.jobid.hint")));
        }
        if (isTaskId(id) && !TAKES_TASK_ID.contains(intent.action())) {
            String arrayId = arrayIdOf(id);
            String wholeSweep = intent.action() == Action.COLLECT
                ? Messages.get("sweep.policy.task_whole.collect", intent.profile() == null ? "" : intent.profile() + " ")
                : Messages.get("sweep.policy.task_whole.watch", arrayId);
            return Optional.of(new Decision.Denied("task_id_not_taken",
                Messages.get("sweep.policy.task_whole", id, arrayId), wholeSweep));
        }
        return Optional.empty();
    }

    /**
     * Error table: watch/log/collect without .jobid (and no explicit job id) → "submit 먼저 실행 필요". A log may
     * still show the last collected job (.lastjob).
     */
    static Optional<Decision.Denied> jobidBeforeFollow(Policy.Draft d, Intent intent, ProjectState state) {
        if (intent.jobId() != null) {
            d.vars.put("JOBID", intent.jobId());
            return Optional.empty();
        }
        Optional<String> tracked = state.trackedJobId(d.profile);
        if (tracked.isEmpty() && d.action == Action.LOG) {
            // After collect the job id lives on in .lastjob: its logs are still worth reading.
            Optional<String> last = state.lastJobId(d.profile).filter(id -> MakeVariables.valid("JOBID", id));
            if (last.isPresent()) {
                d.vars.put("JOBID", last.get());
                return Optional.empty();
            }
        }
        if (tracked.isEmpty()) {
            return Optional.of(new Decision.Denied("no_jobid", Messages.get("core.policy.no_jobid", d.profile),
                Messages.get("core.hint.no_jobid", d.profile)));
        }
        d.jobIdFile = tracked.get();
        return Optional.empty();
    }

    static void logOptions(Policy.Draft d, Intent intent) {
        for (String k : List.of("LINES", "STREAM")) {
            String v = intent.overrides().get(k);
            if (v != null) d.vars.put(k, v);
        }
    }

    /** Rule 3: no collect while the job is RUNNING/PENDING; point at watch. */
    static Optional<Decision.Denied> collectNotActive(Policy.Draft d, ProjectState state)
            throws ProjectState.Unavailable {
        String jobId = d.vars.getOrDefault("JOBID", d.jobIdFile);
        if (!MakeVariables.valid("JOBID", jobId)) {
            return Optional.of(new Decision.Denied("invalid_jobid", Messages.get("core.policy.invalid_jobid", jobId), null));
        }
        String st = state.jobState(jobId);
        d.jobState = st;
        if (ACTIVE_STATES.contains(st)) {
            return Optional.of(new Decision.Denied("job_active", Messages.get("core.policy.job_active", jobId, st),
                Messages.get("core.hint.job_active", d.profile)));
        }
        return Optional.empty();
    }

    /**
     * A sweep's grid: present, of the toolkit's form, at most {@link ProjectState#sweepMax()} tasks (refused here, and
     * the toolkit refuses again before any ssh). Puts SWEEP and MAX_PARALLEL into the plan and the grid, the number of
     * tasks, the total request and the concurrency into what the user confirms.
     */
    static Optional<Decision.Denied> sweepGrid(Policy.Draft d, Intent intent, ProjectState state) {
        String raw = intent.overrides().get("SWEEP");
        Optional<SweepGrid> grid = raw == null ? Optional.empty() : SweepGrid.parse(raw);
        if (grid.isEmpty() || !MakeVariables.valid("SWEEP", raw)) {
            return Optional.of(new Decision.Denied("invalid_sweep", Messages.get("sweep.policy.invalid", raw == null ? "" : raw),
                Messages.get("sweep.policy.invalid.hint", d.profile)));
        }
        long tasks = grid.get().taskCount();
        int max = state.sweepMax();
        if (tasks > max) {
            return Optional.of(new Decision.Denied("too_many_tasks",
                Messages.get("sweep.policy.too_many", grid.get().describe(), tasks, max), Messages.get("sweep.policy.too_many.hint")));
        }
        String parallel = state.sweepMaxParallel();
        if (!MakeVariables.valid("MAX_PARALLEL", parallel)) parallel = "10";
        d.vars.put("SWEEP", grid.get().toMake());
        d.vars.put("MAX_PARALLEL", parallel);
        ProfileCard c = d.card;
        d.reasons.add(Messages.get("sweep.policy.card", grid.get().describe(), tasks, c.cpus(), c.mem(), c.time(),
            Math.min(tasks, Long.parseLong(parallel)), tasks * parseOr(c.cpus()), parallel));
        d.reasons.add(Messages.get("sweep.policy.confirm", d.profile, tasks));
        return Optional.empty();
    }

    private static long parseOr(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Rule 4: clean shows the exact deletion list and deletes only after yes (CONFIRM=yes). */
    static Optional<Decision.Denied> cleanList(Policy.Draft d, ProjectState state) throws ProjectState.Unavailable {
        CleanList list = state.cleanTargets();
        if (list.isEmpty()) {
            return Optional.of(new Decision.Denied("nothing_to_clean", Messages.get("core.policy.nothing_to_clean"), null));
        }
        d.deletions = list;
        d.vars.put("CONFIRM", "yes");
        d.reasons.add(Messages.get("core.policy.clean.confirm"));
        return Optional.empty();
    }

    /**
     * Rule 6 with a profile named but no job id ("sleepy 취소"): still no cancel, but name the profile's tracked job
     * and the message that would cancel it. Empty when there is no tracked job (or it is a bulk request).
     */
    static Optional<Decision.Denied> cancelNamesTrackedJob(Intent intent, ProjectState state) {
        if (intent.action() != Action.CANCEL || intent.profile() == null || intent.has(Intent.Flag.BULK)
                || intent.jobId() != null && !intent.jobId().isBlank()) {
            return Optional.empty();
        }
        return state.trackedJobId(intent.profile()).filter(id -> MakeVariables.valid("JOBID", id))
            .map(id -> new Decision.Denied("cancel_needs_jobid",
                Messages.get("core.policy.cancel_tracked_hint", intent.profile(), id), null));
    }

    /** Rule 6: cancel only one explicit numeric job id; bulk or none is refused; then ask. */
    static Optional<Decision.Denied> cancelSingleJob(Policy.Draft d, Intent intent, ProjectState state) {
        String id = intent.jobId();
        if (id == null || id.isBlank()) {
            Optional<Decision.Denied> named = cancelNamesTrackedJob(intent, state);
            if (named.isPresent()) return named;
            return Optional.of(new Decision.Denied("cancel_needs_jobid", Messages.get("core.policy.cancel_needs_jobid"),
                Messages.get("core.policy.cancel.hint")));
        }
        String job = id.trim();
        if (!jobIdForm(job)) {
            return Optional.of(new Decision.Denied("cancel_bulk", Messages.get("core.policy.cancel_bulk", id),
                Messages.get("core.policy.cancel.hint")));
        }
        d.vars.put("JOBID", job);
        String arrayId = arrayIdOf(job); // a task's owner is the profile tracking its sweep
        String owner = null;
        for (String p : state.profiles()) {
            if (state.trackedJobId(p).filter(arrayId::equals).isPresent()) owner = p;
        }
        if (owner == null) d.warnings.add(Messages.get("core.policy.cancel.untracked", job));
        Optional<Integer> tasks = state.sweepTaskCount(arrayId);
        String who = owner == null ? "" : " (" + owner + ")";
        if (isTaskId(job)) {
            d.reasons.add(Messages.get("sweep.policy.cancel.task", job, arrayId, who));
        } else if (tasks.isPresent()) {
            d.reasons.add(Messages.get("sweep.policy.cancel.array", job, who, tasks.get()));
        } else {
            d.reasons.add(owner == null ? Messages.get("core.policy.cancel.confirm", job)
                : Messages.get("core.policy.cancel.confirm_tracked", job, owner));
        }
        return Optional.empty();
    }

    /** clean, cancel and image rebuilds belong to SLURM_RUNNER_ADMINS when that list is set. */
    static Optional<Decision.Denied> adminOnly(Action action, Requester who) {
        if (ADMIN_ONLY.contains(action) && !who.admin()) {
            return Optional.of(new Decision.Denied("not_admin", Messages.get("core.policy.not_admin", action.wireName()),
                Messages.get("core.policy.not_admin.hint")));
        }
        return Optional.empty();
    }
}
