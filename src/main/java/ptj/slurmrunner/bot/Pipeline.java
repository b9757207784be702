package ptj.slurmrunner.bot;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.IntentParser;
import ptj.slurmrunner.policy.Decision;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.policy.ProjectState;
import ptj.slurmrunner.policy.Requester;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.report.TrackedReport;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.results.Results;
import ptj.slurmrunner.run.Runner;
import ptj.slurmrunner.config.StateDir;

/**
 * The bot behind every front end: message → parse → policy → (confirm) → run → report. Reads top to bottom in
 * {@link #onMessage}: parse, fill the profile from the conversation, decide, audit, then answer, ask or run.
 * Every answer goes to the request's sink ("⏳" progress first, then the final report); nothing is thrown to the
 * caller. Runs in the caller's thread: front ends that must answer fast (Slack) call it from their own executor.
 */
public final class Pipeline implements Bot {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    /** Actions that may take their profile from the conversation ("결과 가져와" after talking about backtest_v5). */
    private static final Set<Action> PROFILE_FROM_CONTEXT = Set.of(Action.WATCH, Action.LOG, Action.COLLECT,
        Action.RECOVER, Action.SHOW, Action.COMPARE);
    private static final long PROGRESS_EVERY_MS = 2000;
    /** make's own "make: *** [Makefile:35: slurm-run] Error 1": the report says what failed, in Korean. */
    private static final Pattern MAKE_ERROR = Pattern.compile("^make(\\[\\d+\\])?: \\*\\*\\*");

    private final IntentParser parser;
    private final Policy policy;
    private final Supplier<ProjectState> state;
    private final PlanStore plans;
    private final Runner runner;
    private final Reports reports;
    private final AuditLog audit;
    private final SubmittedJobs submittedJobs;
    private final String admins;
    private final Path projectDir;
    private final Clock clock;
    private final boolean fullViaWatcher;
    private final Results results;
    private final Map<String, String> lastProfile = new ConcurrentHashMap<>();
    /** What this bot reported per thread, for "방금 거" (issue 13); null = references off. */
    private volatile ThreadMemory threads;

    /**
     * @param admins         SLURM_RUNNER_ADMINS (comma-separated user ids, empty = everybody); the console user is admin
     * @param fullViaWatcher when true, "풀런" submits (slurm-run) and hands the job to the watcher with
     *                       collectWhenDone=true instead of holding a make slurm-full open until the job ends
     */
    public Pipeline(IntentParser parser, Policy policy, Supplier<ProjectState> state, PlanStore plans, Runner runner,
                    Reports reports, AuditLog audit, SubmittedJobs submittedJobs, String admins, Path projectDir,
                    Clock clock, boolean fullViaWatcher) {
        this(parser, policy, state, plans, runner, reports, audit, submittedJobs, admins, projectDir, clock,
            fullViaWatcher, Results.forProject(projectDir, StateDir.of(projectDir, Map.of())));
    }

    /** @param results reads, remembers and charts what a collect brought back (result report, compare) */
    public Pipeline(IntentParser parser, Policy policy, Supplier<ProjectState> state, PlanStore plans, Runner runner,
                    Reports reports, AuditLog audit, SubmittedJobs submittedJobs, String admins, Path projectDir,
                    Clock clock, boolean fullViaWatcher, Results results) {
        this.results = results;
        this.parser = parser;
        this.policy = policy;
        this.state = state;
        this.plans = plans;
        this.runner = runner;
        this.reports = reports;
        this.audit = audit;
        this.submittedJobs = submittedJobs;
        this.admins = admins;
        this.projectDir = projectDir;
        this.clock = clock;
        this.fullViaWatcher = fullViaWatcher;
    }

    /** Turns on thread references ("방금 거 취소해줘") backed by {@code memory}. */
    public Pipeline rememberingThreads(ThreadMemory memory) {
        this.threads = memory;
        return this;
    }

    @Override
    public void onMessage(Origin origin, String text, ReplySink sink) {
        try {
            ProjectState st = state.get();
            ThreadMemory memory = threads;
            if (memory != null) { // "방금 거": explicit values from this thread, shown before anything is confirmed
                var ref = ThreadReferences.resolve(memory.of(origin), text, parser, st.profiles(), clock);
                if (ref instanceof ThreadReferences.Ask ask) {
                    sink.show(ask.reply());
                    return;
                }
                if (ref instanceof ThreadReferences.Resolved resolved) {
                    sink.show(Reply.info(resolved.note()));
                    text = resolved.text();
                }
            }
            Intent intent = parser.parse(text, st.profiles(),
                memory == null ? List.of() : ThreadReferences.recent(memory.of(origin), clock));
            boolean implied = false;
            // "설정 보여줘" is asked about (which profile?) unless this conversation has exactly one
            boolean asksProfile = !intent.isSure() && intent.flags().equals(Set.of(Intent.Flag.NEEDS_PROFILE))
                && (intent.action() == Action.SHOW || intent.action() == Action.COMPARE);
            if ((intent.isSure() || asksProfile) && intent.profile() == null && intent.jobId() == null
                    && PROFILE_FROM_CONTEXT.contains(intent.action())) {
                String implicit = impliedProfile(origin, st);
                if (implicit != null) {
                    intent = new Intent(intent.action(), implicit, null, intent.overrides(), intent.dryRun(),
                        Intent.Confidence.SURE, intent.source(), intent.question(), intent.flags());
                    implied = true;
                }
            }
            Requester who = Requester.of(origin.userId(), admins);
            Decision d = policy.decide(intent, who, st);
            if (implied) d = markImplied(d);
            audit(origin, "message", text, intent, d);
            var picks = d instanceof Decision.Denied ? Picks.question(intent) : java.util.Optional.<Reply>empty();
            if (picks.isPresent()) { // unsure with likely readings: offer them instead of "unknown" (issue 13)
                sink.show(picks.get());
                return;
            }
            answer(origin, intent, d, sink);
        } catch (RuntimeException e) {
            log.error("message from {} in {} failed: {}", origin.userId(), origin.channelId(), e.toString(), e);
            sink.show(reports.internalError());
        }
    }

    @Override
    public void onChoice(Origin origin, String choiceId, ReplySink sink) {
        var picked = Picks.asMessage(choiceId);
        if (picked.isPresent()) { // a reading offered instead of "unknown": the typed request, same parser and policy
            onMessage(origin, picked.get(), sink);
            return;
        }
        var shortcut = Shortcuts.parse(choiceId);
        if (shortcut.isPresent()) { // a next-step button: the Intent of the typed request, through the same policy
            onShortcut(origin, shortcut.get(), sink);
            return;
        }
        try {
            PlanStore.Taken taken = plans.take(choiceId, origin.userId());
            if (taken instanceof PlanStore.Refused r) {
                auditSimple(origin, "refused_choice", null, "refused", r.code());
                sink.show(reports.refusedChoice(r.message()));
                return;
            }
            PlanStore.Ok ok = (PlanStore.Ok) taken;
            PlanStore.Pending p = ok.pending();
            if (ok.verb() == PlanStore.Verb.NO) {
                auditPlan(origin, "choice", p.intent(), p.plan(), "no", null);
                sink.show(reports.declined());
                return;
            }
            Requester who = Requester.of(origin.userId(), admins);
            Policy.Recheck recheck = policy.recheck(p.intent(), p.plan(), who, state.get());
            if (recheck.stale()) {
                Decision fresh = p.plan().profileImplied() ? markImplied(recheck.fresh()) : recheck.fresh();
                audit(origin, "choice", null, p.intent(), fresh, "stale");
                sink.show(Reply.info(reports.stale()));
                answer(origin, p.intent(), fresh, sink);
                return;
            }
            auditPlan(origin, "choice", p.intent(), p.plan(), "yes", null);
            execute(origin, p.plan(), sink);
        } catch (RuntimeException e) {
            log.error("choice from {} in {} failed: {}", origin.userId(), origin.channelId(), e.toString(), e);
            sink.show(reports.internalError());
        }
    }

    /** A button is no permission: the clicker's own rights, the policy's decision, a confirmation where it asks. */
    private void onShortcut(Origin origin, Shortcuts.Shortcut s, ReplySink sink) {
        try {
            Intent intent = Shortcuts.intent(s);
            Decision d = policy.decide(intent, Requester.of(origin.userId(), admins), state.get());
            audit(origin, "button", Shortcuts.asMessage(s), intent, d);
            answer(origin, intent, d, sink);
        } catch (RuntimeException e) {
            log.error("button from {} in {} failed: {}", origin.userId(), origin.channelId(), e.toString(), e);
            sink.show(reports.internalError());
        }
    }

    private void answer(Origin origin, Intent intent, Decision d, ReplySink sink) {
        if (d instanceof Decision.Denied denied) {
            sink.show(reports.denied(denied));
        } else if (d instanceof Decision.NeedsConfirmation n) {
            remember(origin, n.plan());
            PlanStore.Pending p = plans.put(origin.userId(), conversation(origin), intent, n.plan());
            sink.show(reports.confirmation(n.plan(), n.reasons(), PlanStore.yesId(p), PlanStore.noId(p)));
        } else if (d instanceof Decision.Allowed a) {
            remember(origin, a.plan());
            execute(origin, a.plan(), sink);
        }
    }

    private void execute(Origin origin, Plan plan, ReplySink sink) {
        switch (plan.action()) {
            case HELP -> {
                sink.show(reports.help());
                return;
            }
            case HISTORY -> {
                sink.show(reports.history(audit.all(), plan.vars().get("JOBID")));
                return;
            }
            case COMPARE -> {
                sink.compare(results.compare(plan.profile(), Results.COMPARE_RUNS));
                return;
            }
            default -> { }
        }
        if (!plan.hasTarget()) {
            sink.show(reports.internalError());
            return;
        }
        if (plan.dryRun() && !plan.vars().containsKey("DRY_RUN")) {
            sink.show(reports.dryRunOnly(plan, projectDir.toString()));
            return;
        }
        boolean handOff = fullViaWatcher && plan.action() == Action.FULL && !plan.dryRun();
        String target = handOff ? "slurm-run" : plan.target();
        sink.show(reports.progress(plan));
        MakeResult r = runner.run(target, plan.vars(), throttled(plan, sink));
        auditResult(origin, plan, r);
        String jobId = r.text("jobId");
        ThreadMemory memory = threads;
        if (memory != null && r.ok() && !plan.dryRun()) {
            memory.record(origin, plan.action().wireName(), plan.profile(), jobId == null || jobId.isEmpty() ? null : jobId,
                ThreadReferences.overridesOf(plan.vars()), clock.instant());
        }
        if (!plan.dryRun() && jobId != null && !jobId.isEmpty()) {
            switch (plan.action()) {
                case RUN, SUBMIT, SWEEP -> submittedJobs.submitted(origin, plan.profile(), jobId, false);
                case FULL -> {
                    if (handOff) submittedJobs.submitted(origin, plan.profile(), jobId, true);
                }
                default -> { }
            }
            if (r.ok() && shownCompleted(plan.action(), handOff, r)) submittedJobs.endReported(origin, jobId);
        }
        Plan shown = handOff ? new Plan(Action.RUN, target, plan.vars(), false, plan.profile(), plan.profileImplied(),
            plan.card(), plan.deletions(), plan.changes(), plan.warnings(), plan.basis()) : plan;
        Reply report = reports.result(shown, r, state.get().profiles(), projectDir.toString());
        if (plan.action() == Action.STATUS && !plan.dryRun()) report = withTracked(report);
        if (handOff && r.ok()) report = report.withParagraph(Messages.get("watch.full.handed_off"));
        sink.show(report);
        boolean collected = plan.action() == Action.COLLECT || plan.action() == Action.FULL && !handOff;
        if (collected && r.ok() && !plan.dryRun() && jobId != null && !jobId.isEmpty() && plan.profile() != null) {
            if (ptj.slurmrunner.sweep.SweepResult.isSweep(r.json())) {
                sink.sweep(() -> ptj.slurmrunner.sweep.SweepResult.of(r.json(), projectDir, plan.profile(),
                    results.renderer()));
            } else {
                sink.result(results.afterCollect(plan.profile(), jobId));
            }
        }
    }

    /** The result service (the watcher's collect of a `full` job reports through the same one). */
    @Override
    public Results results() {
        return results;
    }

    @Override
    public List<ptj.slurmrunner.config.Profile> profiles() {
        return new ptj.slurmrunner.config.ProfileCatalog(projectDir).list();
    }

    @Override
    public List<SubmittedJobs.Tracked> tracked() {
        return submittedJobs.tracked();
    }

    /** "상태 확인" also lists what the watcher follows: requester, state, elapsed, pending reason, thread link. */
    private Reply withTracked(Reply report) {
        List<SubmittedJobs.Tracked> tracked = submittedJobs.tracked();
        if (tracked.isEmpty()) return report;
        return report.withParagraph(TrackedReport.text(tracked));
    }

    private Consumer<String> throttled(Plan plan, ReplySink sink) {
        long[] last = {System.currentTimeMillis()};
        return line -> {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("{") || MAKE_ERROR.matcher(t).find()) return;
            long now = System.currentTimeMillis();
            synchronized (last) {
                if (now - last[0] < PROGRESS_EVERY_MS) return;
                last[0] = now;
            }
            sink.show(reports.progressLine(plan, t.length() > 200 ? t.substring(0, 200) + "…" : t));
        };
    }

    private static Decision markImplied(Decision d) {
        if (d instanceof Decision.Allowed a) return new Decision.Allowed(a.plan().withProfileImplied(true));
        if (d instanceof Decision.NeedsConfirmation n) {
            return new Decision.NeedsConfirmation(n.plan().withProfileImplied(true), n.reasons());
        }
        return d;
    }

    /**
     * The profile a message without one means: the one this conversation last talked about, else the only profile
     * with a tracked job. Never a guess between several.
     */
    private String impliedProfile(Origin origin, ProjectState st) {
        String remembered = lastProfile.get(conversation(origin));
        if (remembered != null) return remembered;
        List<String> tracked = st.profiles().stream().filter(p -> st.trackedJobId(p).isPresent()).toList();
        return tracked.size() == 1 ? tracked.get(0) : null;
    }

    private void remember(Origin origin, Plan plan) {
        if (plan.profile() != null) lastProfile.put(conversation(origin), plan.profile());
    }

    /** One conversation per person per channel (Slack threads of the same person share it). */
    static String conversation(Origin origin) {
        return origin.channelId() + "/" + origin.userId();
    }

    // ---- audit ----------------------------------------------------------------------------------------------

    private void audit(Origin origin, String event, String text, Intent intent, Decision d) {
        audit(origin, event, text, intent, d, null);
    }

    private void audit(Origin origin, String event, String text, Intent intent, Decision d, String decisionOverride) {
        String decision;
        String code = null;
        Plan plan = null;
        if (d instanceof Decision.Allowed a) {
            decision = "allowed";
            plan = a.plan();
        } else if (d instanceof Decision.NeedsConfirmation n) {
            decision = "confirm";
            plan = n.plan();
        } else {
            decision = "denied";
            code = ((Decision.Denied) d).code();
        }
        if (decisionOverride != null) decision = decisionOverride + ":" + decision;
        audit.append(new AuditEntry(now(), event, origin.userId(), origin.channelId(), text,
            intent.action().wireName(), plan != null && plan.profile() != null ? plan.profile() : intent.profile(),
            intent.jobId(), decision, code, plan != null && plan.hasTarget() ? plan.commandLine() : null,
            plan != null ? plan.vars() : Map.of(), null, null));
    }

    private void auditPlan(Origin origin, String event, Intent intent, Plan plan, String decision, String code) {
        audit.append(new AuditEntry(now(), event, origin.userId(), origin.channelId(), null, plan.action().wireName(),
            plan.profile(), intent.jobId(), decision, code, plan.hasTarget() ? plan.commandLine() : null, plan.vars(),
            null, null));
    }

    private void auditSimple(Origin origin, String event, String text, String decision, String code) {
        audit.append(new AuditEntry(now(), event, origin.userId(), origin.channelId(), text, null, null, null,
            decision, code, null, Map.of(), null, null));
    }

    private void auditResult(Origin origin, Plan plan, MakeResult r) {
        String jobId = r.text("jobId", plan.vars().get("JOBID"));
        audit.append(new AuditEntry(now(), "result", origin.userId(), origin.channelId(), null,
            plan.action().wireName(), plan.profile(), jobId, null, null, plan.commandLine(), plan.vars(),
            !r.ok() ? "error" : plan.action() == Action.CANCEL && Reports.alreadyEnded(r) ? "noop" : "ok", r.error()));
    }

    private String now() {
        return clock.instant().toString();
    }

    /** The reply about to be shown says this job COMPLETED: a collect (only ever of an ended job) or a watch that saw it. */
    private static boolean shownCompleted(Action action, boolean handOff, MakeResult r) {
        return switch (action) {
            case COLLECT -> true;
            case WATCH -> "COMPLETED".equals(r.text("state"));
            case FULL -> !handOff && "COMPLETED".equals(r.text("state"));
            default -> false;
        };
    }
}
