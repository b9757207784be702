package ptj.slurmrunner.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Card.Field;
import ptj.slurmrunner.bot.Card.Step;
import ptj.slurmrunner.bot.Card.Verb;
import ptj.slurmrunner.diagnose.Diagnosis;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.policy.ProfileCard;
import ptj.slurmrunner.run.MakeResult;

/**
 * The structured twin of {@link Reports}' texts: the same facts as {@link Card} fields and next steps, for the front
 * ends that draw cards. Never a sentence the text lacks; the labels are in messages/cards.properties.
 */
public final class Cards {
    /** What a re-run repeats from the plan: the submit overrides the person asked for. */
    static final Set<String> RERUN_KEYS = Set.of("CPUS", "MEM", "TIME", "PARTITION", "ACCOUNT");

    private Cards() {}

    static String m(String key, Object... args) {
        return Messages.get("cards." + key, args);
    }

    static Field f(String labelKey, String value) {
        return Card.field(labelKey, value);
    }

    static String stateWord(String state) {
        return Card.stateWord(state);
    }

    static List<Step> stepsFor(String state, String profile, String jobId, Map<String, String> rerun) {
        return Card.stepsFor(state, profile, jobId, rerun);
    }

    static Map<String, String> rerunOverrides(Plan plan) {
        Map<String, String> o = new LinkedHashMap<>();
        plan.vars().forEach((k, v) -> {
            if (RERUN_KEYS.contains(k)) o.put(k, v);
        });
        return o;
    }

    static String resources(String cpus, String mem, String time) {
        return m("value.resources", nz(cpus), nz(mem), nz(time));
    }

    static Card submitted(Plan plan, MakeResult r, String container, String note) {
        String profile = r.text("profile", plan.profile());
        String jobId = r.text("jobId", "?");
        List<Field> fields = List.of(
            f("job", jobId), f("profile", profile),
            f("state", stateWord(null)), f("resources", resources(r.text("cpus"), r.text("mem"), r.text("time"))),
            f("where", nz(r.text("partition")) + " / " + nz(r.text("account"))), f("script", r.text("script")),
            f("container", container));
        Card c = Card.of(Card.Kind.SUBMIT, m("title.submit")).withFields(fields).withBody(note)
            .withContext(Reports.withSlash(r.text("runDir")), plan.commandLine());
        if (!MakeResultIds.valid(jobId)) return c;
        return c.withJob(new Card.Job(jobId, profile, null))
            .withSteps(stepsFor(null, profile, jobId, rerunOverrides(plan)));
    }

    static Card confirmation(Plan plan, String body) {
        String what = plan.profile() != null ? plan.profile() : plan.action().wireName();
        boolean runLike = plan.action() == Action.RUN || plan.action() == Action.FULL || plan.action() == Action.SUBMIT;
        Card c = Card.of(Card.Kind.CONFIRM, runLike ? m("title.confirm.run", what) : m("title.confirm.other", what))
            .withBody(body).withContext(null, plan.commandLine());
        // a run's resources can be changed before 예: the front end's run form (Slack: the modal), rule 7 shows the diff
        if (runLike && plan.profile() != null) c = c.withSteps(List.of(Step.of(Verb.RESOURCES, plan.profile(), null)));
        return plan.card() == null ? c : c.withFields(profileFields(plan.card()));
    }

    static List<Field> profileFields(ProfileCard p) {
        return List.of(f("profile", p.name()), f("script", p.script()),
            f("resources", resources(p.cpus(), p.mem(), p.time())),
            f("where", nz(p.partition()) + " / " + nz(p.account())),
            f("container", p.container() == null ? Messages.get("core.report.container.none") : p.container()),
            f("code", m("value.code", p.codeFiles())),
            f("results", p.results().isEmpty() ? m("value.none") : String.join(" ", p.results())));
    }

    static Card show(ProfileCard p, String body) {
        return Card.of(Card.Kind.PROFILE, m("title.show", p.name())).withFields(profileFields(p)).withBody(body)
            .withSteps(List.of(new Step(Verb.RERUN, p.name(), null, Map.of())));
    }

    static Card collected(Plan plan, MakeResult r, String results, String logs, String cleanup) {
        String profile = r.text("profile", plan.profile());
        String jobId = r.text("jobId");
        Card c = Card.of(Card.Kind.COLLECT, m("title.collect")).withFields(List.of(
                f("profile", profile), f("job", jobId), f("results", results), f("logs", logs), f("cleanup", cleanup)))
            .withContext(Reports.withSlash(r.text("runDir")), plan.commandLine());
        String state = r.text("state");
        if (state != null) c = c.withState(state);
        return MakeResultIds.valid(jobId) ? c.withJob(new Card.Job(jobId, profile, null)) : c;
    }

    /** A log's profile: the request's, else the one the toolkit found for a job id ("812 로그"); "" when none. */
    static String logProfile(Plan plan, MakeResult r) {
        return plan.profile() != null ? plan.profile() : r.text("profile", "");
    }

    static Card log(Plan plan, MakeResult r, String body) {
        String profile = logProfile(plan, r);
        String jobId = r.text("jobId", plan.vars().getOrDefault("JOBID", "?"));
        Card c = Card.of(Card.Kind.LOG, profile.isEmpty() ? m("title.log_no_profile", jobId)
                : m("title.log", profile, jobId))
            .withFields(List.of(f("job", jobId), f("stream", m("value.stream", r.text("stream", "both"),
                r.text("lines", "?")))))
            .withBody(body).withContext(null, plan.commandLine());
        return MakeResultIds.valid(jobId) && !profile.isEmpty()
            ? c.withSteps(List.of(Step.of(Verb.STATUS, null, null), Step.of(Verb.COLLECT, profile, jobId))) : c;
    }

    static Card status(int running, int pending, int ended, String body) {
        return Card.of(Card.Kind.STATUS, m("title.status")).withFields(List.of(
                f("running", m("value.count", running)), f("pending", m("value.count", pending)),
                f("ended", m("value.count", ended))))
            .withBody(body).withContext(null, "make slurm-status")
            .withSteps(List.of(Step.of(Verb.STATUS, null, null)));
    }

    static Card cancelled(Plan plan, MakeResult r, boolean nothing) {
        String jobId = r.text("jobId", plan.vars().get("JOBID"));
        String state = r.text("state", nothing ? "?" : "CANCELLED");
        return Card.of(Card.Kind.CANCEL, nothing ? m("title.cancel_nothing", jobId) : m("title.cancel"))
            .withState(state).withFields(List.of(f("job", jobId),
                f("profile", r.text("profile", Messages.get("core.report.untracked"))), f("state", stateWord(state))))
            .withContext(null, plan.commandLine());
    }

    static Card recovered(Plan plan, MakeResult r, String restored, String next) {
        String jobId = r.text("jobId");
        Card c = Card.of(Card.Kind.RECOVER, m("title.recover", plan.profile())).withFields(List.of(
                f("job", jobId), f("state", r.text("state")), f("restored", restored), f("next", next)))
            .withContext(r.text("runDir") == null ? null : Reports.withSlash(r.text("runDir")), plan.commandLine());
        return MakeResultIds.valid(jobId) ? c.withSteps(stepsFor(r.text("state"), plan.profile(), jobId, Map.of())) : c;
    }

    static Card jobFailed(Plan plan, MakeResult r, String state, Diagnosis d, String body) {
        String profile = plan.profile();
        String jobId = r.text("jobId", "?");
        Card c = Card.of(Card.Kind.JOB_FAILED, m("title.failed", jobId, stateWord(state))).withState(state)
            .withFields(List.of(f("job", jobId), f("profile", profile), f("state", state),
                f("exit", r.text("exitCode")), f("elapsed", r.text("elapsed")), f("cause", d.summary())))
            .withBody(body).withContext(Reports.withSlash(r.text("runDir")), plan.commandLine());
        if (!MakeResultIds.valid(jobId) || profile == null) return c;
        return c.withJob(new Card.Job(jobId, profile, d.summary()))
            .withSteps(stepsFor(state, profile, jobId, rerunOverrides(plan)));
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? "?" : s;
    }

    /** A job id a button may carry (the form the policy accepts). */
    static final class MakeResultIds {
        static boolean valid(String id) {
            return id != null && id.matches("[0-9]{1,12}(_[0-9]+)?");
        }
    }
}
