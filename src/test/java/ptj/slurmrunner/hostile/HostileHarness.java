package ptj.slurmrunner.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.IntentParser;
import ptj.slurmrunner.policy.CleanList;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.MakeVariables;
import ptj.slurmrunner.run.Runner;

/**
 * Drives hostile messages through the real Pipeline (given parser, real Policy, PlanStore, Reports) with a recording
 * fake Runner, and clicks the offered choices the way an attacker and a requester would: someone else first, then
 * (sometimes) the requester, then a replay. Records every invariant it sees broken in {@link #violations}.
 */
public final class HostileHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Targets that change the cluster: never without the requester's own click on a confirmation. */
    static final Set<String> NEEDS_CLICK = Set.of("slurm-clean", "slurm-cancel", "slurm-image-refresh",
        "slurm-image-build", "slurm-image-push", "slurm-image-setup", "slurm-run", "slurm-full", "slurm-submit");
    static final Set<String> ALLOWED = EnumSet.allOf(Action.class).stream().map(Action::makeTarget)
        .flatMap(java.util.Optional::stream).collect(Collectors.toSet());
    private static final Pattern STACK = Pattern.compile(
        "(?s).*(Exception|\\n\\s*at [\\w.$]+\\(|\\.java:\\d+|java\\.lang\\.|java\\.util\\.|Caused by:|NullPointer).*");
    private static final String[] ERRORS = {"ssh_failed", "invalid_partition", "invalid_account", "profile_not_found",
        "no_rundir", "no_jobid", "job_active", "rsync_failed", "timeout", "busy", "internal", "query_failed"};

    /** One make call as the runner saw it, and who was clicking at that moment (null: inside onMessage). */
    public record Call(String target, Map<String, String> vars, String clicker, String requester, String message) {}

    final List<Call> calls = new ArrayList<>();
    public final List<String> violations = new ArrayList<>();
    final FakeState state = FakeState.seed();
    private final Pipeline bot;
    private final Random rnd;
    private String clicker;
    private String requester;
    private String message;
    public int messages;
    public int choicesOffered;
    public int ownerClicks;

    public HostileHarness(IntentParser parser, Path tmp, long seed) {
        this.rnd = new Random(seed);
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "RUNNING");
        state.jobIds.put("optimizer_v5", "12346");
        state.states.put("12346", "COMPLETED");
        state.runDirs.put("optimizer_v5", "runs/optimizer_v5-20260224-143052");
        state.clean = new CleanList(List.of("runs/backtest_v5-20260101-000000"), List.of(), List.of());
        Runner runner = this::run;
        bot = new Pipeline(parser, new Policy(), () -> state, new PlanStore(Clock.systemUTC(), Duration.ofMinutes(10)),
            runner, new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("audit.jsonl")),
            (o, p, j, c) -> { }, "UADMIN", tmp, Clock.systemUTC(), rnd.nextBoolean());
    }

    private MakeResult run(String target, Map<String, String> vars, Consumer<String> progress) {
        Call c = new Call(target, new LinkedHashMap<>(vars), clicker, requester, message);
        calls.add(c);
        if (!ALLOWED.contains(target)) violations.add("target outside the allowlist: " + c);
        vars.forEach((k, v) -> {
            if (!MakeVariables.known(k) || !MakeVariables.valid(k, v)) violations.add("invalid variable " + k + "=" + v + ": " + c);
        });
        if (NEEDS_CLICK.contains(target) && !"1".equals(vars.get("DRY_RUN"))) {
            if (clicker == null) violations.add("destructive target without any click: " + c);
            else if (!clicker.equals(requester)) violations.add("destructive target on someone else's click: " + c);
        }
        // what the toolkit might say, hostile text included
        progress.accept(pickProgress());
        ObjectNode j = JSON.createObjectNode();
        switch (rnd.nextInt(5)) {
            case 0 -> j.put("ok", false).put("error", ERRORS[rnd.nextInt(ERRORS.length)]).put("message", "$(reboot) <!channel> \u0000")
                .put("hint", "→ make slurm-recover");
            case 1 -> j.put("ok", true).put("profile", vars.getOrDefault("PROFILE", "backtest_v5")).put("jobId", "12347")
                .put("runDir", "runs/backtest_v5-20260224-143052").put("state", "COMPLETED").put("exitCode", "0:0")
                .put("elapsed", "00:01:02");
            case 2 -> j.put("ok", true);
            case 3 -> j.put("ok", true).put("message", "x".repeat(rnd.nextInt(10_000))).putNull("profile").put("jobs", "not-a-list");
            default -> {
                return MakeResult.synthetic(List.of("make", target), ERRORS[rnd.nextInt(ERRORS.length)], null, "", "ssh: connect to host slurm-dev port 2222: Connection refused",
                    rnd.nextBoolean(), Duration.ofSeconds(1));
            }
        }
        return MakeResult.ofJson(j);
    }

    /** A make call outside any message or click (for the test that the checks can fail). */
    void runDirectly(String target, Map<String, String> vars) {
        clicker = null;
        run(target, vars, line -> { });
    }

    private String pickProgress() {
        return switch (rnd.nextInt(3)) {
            case 0 -> "[ptj] job 12347 on vm";
            case 1 -> "\u001b[31m$(rm -rf /)\u0000";
            default -> "";
        };
    }

    /** One message from a random user, then the clicks. */
    public void drive(String text) {
        messages++;
        String user = rnd.nextInt(4) == 0 ? "UADMIN" : "U" + (1 + rnd.nextInt(2));
        Origin origin = new Origin(user, "C1", "1." + messages);
        requester = user;
        message = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        List<Reply> replies = new ArrayList<>();
        clicker = null;
        guarded("message", () -> bot.onMessage(origin, text, replies::add));
        check(replies);
        List<Reply.Choice> offered = replies.stream().flatMap(r -> r.choices().stream()).toList();
        if (offered.isEmpty()) return;
        choicesOffered++;
        // someone else clicks every button first: must all be refused, nothing may run
        String other = user.equals("U1") ? "U2" : "U1";
        for (Reply.Choice c : offered) click(new Origin(other, "C1", origin.threadTs()), c.id());
        if (rnd.nextInt(3) == 0) return;
        // the requester answers one of them (usually the first, the "yes"); then a replay of the same click
        Reply.Choice pick = rnd.nextInt(4) == 0 ? offered.get(rnd.nextInt(offered.size())) : offered.get(0);
        ownerClicks++;
        click(origin, pick.id());
        click(origin, pick.id());
    }

    private void click(Origin who, String id) {
        List<Reply> replies = new ArrayList<>();
        clicker = who.userId();
        int before = calls.size();
        guarded("choice", () -> bot.onChoice(who, id, replies::add));
        if (!who.userId().equals(requester) && calls.size() > before) {
            violations.add("a click by " + who.userId() + " ran " + calls.subList(before, calls.size()));
        }
        clicker = null;
        check(replies);
        // follow-up questions (a stale plan asks again): answer them as the requester so those paths run too
        for (Reply r : replies) {
            if (!r.choices().isEmpty() && who.userId().equals(requester) && rnd.nextBoolean()) {
                clicker = who.userId();
                List<Reply> more = new ArrayList<>();
                guarded("choice", () -> bot.onChoice(who, r.choices().get(0).id(), more::add));
                clicker = null;
                check(more);
            }
        }
    }

    private void guarded(String what, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            violations.add(what + " threw " + t + " for: " + message);
        }
    }

    private void check(List<Reply> replies) {
        for (Reply r : replies) {
            if (r == null || r.text() == null) {
                violations.add("null reply for: " + message);
                continue;
            }
            if (STACK.matcher(r.text()).matches() || (r.attachment() != null && STACK.matcher(r.attachment()).matches())) {
                violations.add("stack-trace-looking text in a reply: " + abbreviate(r.text()) + " for: " + message);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    public List<Call> calls() {
        return calls;
    }
}
