package ptj.slurmrunner.report;

import ptj.slurmrunner.messages.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.Diagnoser;
import ptj.slurmrunner.diagnose.Diagnosis;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.policy.CleanList;
import ptj.slurmrunner.policy.Decision;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.policy.ProfileCard;
import ptj.slurmrunner.run.MakeResult;

/**
 * Korean reports in the seed's formats, built from the toolkit's JSON. Every sentence comes from
 * messages/core.properties; this class only fills and arranges them into a {@link Reply} (console text and, in the
 * Slack front end, Block Kit).
 */
public final class Reports {
    /** Slack's section text limit is 3000 characters; longer output goes into the attachment. */
    static final int MAX_INLINE = 2500;
    /** Above this many server rows, finished jobs this checkout does not track are summarised in one line. */
    static final int MAX_STATUS_ROWS = 12;
    static final Set<String> TERMINAL = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
        "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Diagnoser diagnoser;

    public Reports(Diagnoser diagnoser) {
        this.diagnoser = diagnoser;
    }

    private static String m(String key, Object... args) {
        return Messages.get("core." + key, args);
    }

    // ---- before running -------------------------------------------------------------------------------------

    public String profileCard(ProfileCard c) {
        String results = c.results().isEmpty() ? m("report.none") : String.join(" ", c.results());
        return m("report.profile_card", nz(c.script()), nz(c.cpus()), nz(c.mem()), nz(c.time()), nz(c.partition()),
            nz(c.account()), c.container() == null ? m("report.container.none") : c.container(), c.codeFiles(), results);
    }

    public String deletionList(CleanList list) {
        StringBuilder b = new StringBuilder(m("report.clean.header"));
        if (!list.remote().isEmpty()) {
            b.append('\n').append(m("report.clean.remote"));
            list.remote().forEach(r -> b.append('\n').append(m("report.clean.item", withSlash(r))));
        }
        if (!list.local().isEmpty()) {
            b.append('\n').append(m("report.clean.local"));
            list.local().forEach(r -> b.append('\n').append(m("report.clean.item", r)));
        }
        if (!list.spared().isEmpty()) {
            b.append('\n').append(m("report.clean.spared"));
            list.spared().forEach(r -> b.append('\n').append(m("report.clean.item", r)));
        }
        return b.toString();
    }

    /** The question before a destructive or costly action: card / deletion list, warnings, reasons, command. */
    public Reply confirmation(Plan plan, List<String> reasons, String yesId, String noId) {
        List<String> parts = new ArrayList<>();
        if (plan.profileImplied()) parts.add(m("report.implied", plan.profile()));
        if (plan.card() != null) parts.add(profileCard(plan.card()));
        if (plan.deletions() != null) parts.add(deletionList(plan.deletions()));
        StringBuilder notes = new StringBuilder();
        for (String w : plan.warnings()) notes.append(w).append('\n');
        for (String r : reasons) notes.append(r).append('\n');
        notes.append(m("report.command", plan.commandLine())).append('\n');
        notes.append(m("confirm.question"));
        parts.add(notes.toString());
        String style = switch (plan.action()) {
            case CLEAN, CANCEL -> "danger";
            default -> "primary";
        };
        List<String> cardBody = new ArrayList<>();
        if (plan.profileImplied()) cardBody.add(m("report.implied", plan.profile()));
        if (plan.deletions() != null) cardBody.add(deletionList(plan.deletions()));
        cardBody.addAll(plan.warnings());
        cardBody.addAll(reasons);
        return new Reply(Reply.Tone.QUESTION, String.join("\n\n", parts),
            List.of(new Reply.Choice(yesId, m("choice.yes"), style), new Reply.Choice(noId, m("choice.no"), null)),
            null, true).withCard(Cards.confirmation(plan, String.join("\n", cardBody)));
    }

    public Reply denied(Decision.Denied d) {
        String text = d.hint() == null ? d.message() : d.message() + "\n" + d.hint();
        Reply.Tone tone = switch (d.code()) {
            case "unsure", "profile_required" -> Reply.Tone.QUESTION;
            case "nothing_to_clean" -> Reply.Tone.INFO;
            default -> Reply.Tone.WARNING;
        };
        return new Reply(tone, text, List.of(), null, true);
    }

    public Reply progress(Plan plan) {
        return Reply.progress(m("progress.start", plan.commandLine()));
    }

    public Reply progressLine(Plan plan, String line) {
        return Reply.progress(m("progress.line", plan.commandLine(), line));
    }

    /** A dry run of a target without DRY_RUN support: only the command is shown. */
    public Reply dryRunOnly(Plan plan, String projectDir) {
        return new Reply(Reply.Tone.INFO, dryRunText(plan, projectDir, null), List.of(), null, true);
    }

    private String dryRunText(Plan plan, String projectDir, MakeResult r) {
        StringBuilder b = new StringBuilder(m("report.dryrun.header"));
        if (plan.profileImplied()) b.append('\n').append(m("report.implied", plan.profile()));
        b.append('\n').append(m("report.dryrun.command", "make -C " + projectDir + " "
            + plan.commandLine().substring("make ".length()) + " OUTPUT=json"));
        b.append('\n').append(m("report.dryrun.vars", plan.vars().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "))));
        b.append('\n').append(m("report.dryrun.project", projectDir));
        if (plan.profile() != null) {
            b.append('\n').append(m("report.dryrun.paths", plan.profile()));
        }
        if (r != null && r.text("runDir") != null) b.append('\n').append(m("report.dryrun.rundir", withSlash(r.text("runDir"))));
        if (r != null && r.text("command") != null) b.append('\n').append(m("report.dryrun.toolkit_command", r.text("command")));
        if (plan.card() != null) b.append("\n\n").append(profileCard(plan.card()));
        if (plan.deletions() != null) b.append("\n\n").append(deletionList(plan.deletions()));
        if (!plan.warnings().isEmpty()) {
            b.append("\n\n").append(m("report.dryrun.would_ask"));
            plan.warnings().forEach(w -> b.append('\n').append(w));
        }
        if (r != null && r.text("sbatch") != null) {
            b.append("\n\n").append(m("report.dryrun.sbatch")).append('\n').append(r.text("sbatch").stripTrailing());
        }
        // a clean preview listing what it would delete is the answer, not an error (the toolkit says confirm_required)
        boolean cleanListed = plan.action() == Action.CLEAN && r != null && "confirm_required".equals(r.error());
        if (r != null && !r.ok() && !cleanListed) b.append("\n\n").append(errorText(plan, r));
        return b.toString();
    }

    // ---- after running --------------------------------------------------------------------------------------

    /** The report for a finished make run. {@code profiles}: every profile name, for the status block. */
    public Reply result(Plan plan, MakeResult r, List<String> profiles, String projectDir) {
        if (plan.dryRun()) return new Reply(r.ok() || plan.action() == Action.CLEAN && "confirm_required".equals(r.error())
            ? Reply.Tone.INFO : Reply.Tone.WARNING,
            dryRunText(plan, projectDir, r), List.of(), null, true);
        if (!r.ok()) return failure(plan, r);
        String head = plan.profileImplied() ? m("report.implied", plan.profile()) + "\n" : "";
        return switch (plan.action()) {
            case RUN, SUBMIT -> success(head + submitted(plan, r))
                .withCard(Cards.submitted(plan, r, containerText(r), replacedNote(plan, r)));
            case FULL, COLLECT -> SweepReports.withComparison(collectedOrFailed(plan, r, head), r,
                java.nio.file.Path.of(projectDir), plan.profile());
            case SWEEP -> success(head + SweepReports.submitted(plan, r)).withCard(SweepReports.card(plan, r));
            case STATUS -> statusReply(r.json(), profiles);
            case WATCH -> watched(plan, r, head);
            case LOG -> log(plan, r, head);
            case PUSH -> success(head + m("report.pushed", plan.profile(), withSlash(r.text("runDir", "?")),
                r.text("files", "?")));
            case RECOVER -> info(head + recovered(plan, r)).withCard(Cards.recovered(plan, r,
                r.list("restored").isEmpty() ? m("report.none") : String.join(", ", r.list("restored")),
                recoverNext(plan, r)));
            case CLEAN -> success(m("report.cleaned", r.json().path("remote").size(), r.json().path("local").size())
                + spared(r));
            case CANCEL -> alreadyEnded(r) ? info(m("report.cancel_nothing", r.text("jobId", plan.vars().get("JOBID")),
                    r.text("state", "?"))).withCard(Cards.cancelled(plan, r, true))
                : success(m("report.cancelled", r.text("jobId", plan.vars().get("JOBID")),
                    r.text("profile", m("report.untracked")), r.text("state", "CANCELLED")))
                    .withCard(Cards.cancelled(plan, r, false));
            case PROFILES -> info(profilesList(r.json()));
            case SHOW -> info(head + show(r.json())).withCard(Cards.show(
                ptj.slurmrunner.run.LiveProjectState.card(r.json()), head.isEmpty() ? null : head.strip()));
            case IMAGE_STATUS -> ImageReports.status(r.json());
            case IMAGE_REFRESH, IMAGE_PUSH, IMAGE_SETUP -> success(ImageReports.installed(plan.target(), r.json()));
            case IMAGE_BUILD -> success(m("report.generic_ok", plan.target(), r.text("message", "")));
            case HELP, HISTORY, COMPARE, UNKNOWN -> info(m("report.generic_ok", plan.action().wireName(), r.text("message", "")));
        };
    }

    /**
     * scancel had nothing to do (the audit records "noop", not a cancel): the toolkit says so in
     * {@code alreadyFinished}. Without that field (older toolkit):
     * its message "… (취소할 것 없음)", or a final state other than CANCELLED, which cannot come from this cancel.
     * (Every ok answer carries a message, so a message alone means nothing.)
     */
    public static boolean alreadyEnded(MakeResult r) {
        JsonNode flag = r.json() == null ? null : r.json().get("alreadyFinished");
        if (flag != null && flag.isBoolean()) return flag.asBoolean();
        String state = r.text("state", "");
        String message = r.text("message");
        return message != null && message.contains("취소할 것 없음")
            || TERMINAL.contains(state) && !"CANCELLED".equals(state);
    }

    String submitted(Plan plan, MakeResult r) {
        String text = m("report.submitted", r.text("profile", plan.profile()), r.text("jobId", "?"),
            r.text("script", "?"), r.text("cpus", "?"), r.text("mem", "?"), r.text("time", "?"),
            r.text("partition", "?"), r.text("account", "?"), containerText(r), withSlash(r.text("runDir", "?")));
        String note = replacedNote(plan, r);
        return note == null ? text : text + "\n" + note;
    }

    private String containerText(MakeResult r) {
        String container = r.text("container");
        return container == null || container.isEmpty() ? m("report.container.none")
            : "nocontainer".equals(r.text("template")) ? m("report.container.unused", container, r.text("template"))
            : m("report.container.pyxis", container);
    }

    /** After FORCE=1: which tracked job was replaced (and how to cancel it), or null. */
    private String replacedNote(Plan plan, MakeResult r) {
        String replaced = r.text("replacedJobId");
        if (replaced != null && !replaced.isBlank()) return m("report.submitted.replaced", replaced);
        return plan.vars().containsKey("FORCE") ? m("report.submitted.forced") : null;
    }

    private Reply collectedOrFailed(Plan plan, MakeResult r, String head) {
        String state = r.text("state");
        if (state != null && !"COMPLETED".equals(state) && plan.action() == Action.FULL) {
            return jobFailed(plan, r);
        }
        return success(head + collected(plan, r)).withCard(Cards.collected(plan, r,
            r.list("results").isEmpty() ? m("report.none") : String.join(" ", r.list("results")),
            r.list("logs").isEmpty() ? m("report.none") : String.join(", ", r.list("logs")), cleanup(r)));
    }

    private String cleanup(MakeResult r) {
        String runDir = withSlash(r.text("runDir", "?"));
        return r.text("runDir", "").isEmpty() ? m("report.collected.no_rundir") // cleaned before collect
            : r.json().path("removed").asBoolean(false) ? m("report.collected.removed", runDir)
            : m("report.collected.kept", runDir);
    }

    /** [SLURM Status] with a card: counts of running / pending / ended rows as fields, the table as its body. */
    private Reply statusReply(JsonNode j, List<String> profiles) {
        String text = status(j, profiles);
        int running = 0;
        int pending = 0;
        int ended = 0;
        for (JsonNode job : j.path("jobs")) {
            String st = job.path("state").asText();
            if ("PENDING".equals(st)) pending++;
            else if (TERMINAL.contains(st)) ended++;
            else running++;
        }
        int nl = text.indexOf('\n');
        return info(text).withCard(Cards.status(running, pending, ended, nl < 0 ? null : text.substring(nl + 1)));
    }

    String collected(Plan plan, MakeResult r) {
        List<String> results = r.list("results");
        List<String> logs = r.list("logs");
        String logText;
        if (logs.isEmpty()) {
            logText = m("report.none");
        } else {
            List<String> shown = new ArrayList<>();
            shown.add(logs.get(0));
            for (int i = 1; i < logs.size(); i++) {
                String l = logs.get(i);
                shown.add(l.substring(l.lastIndexOf('/') + 1));
            }
            logText = String.join(", ", shown);
        }
        String cleanup = cleanup(r);
        String text = m("report.collected", r.text("profile", plan.profile()),
            results.isEmpty() ? m("report.none") : String.join(" ", results), logText, cleanup);
        String state = r.text("state");
        if (state != null && !"COMPLETED".equals(state)) text += "\n" + m("report.collected.state", r.text("jobId", "?"), state);
        return text;
    }

    String status(JsonNode j, List<String> profiles) {
        StringBuilder b = new StringBuilder(m("report.status.header")).append('\n').append(m("report.status.server"));
        JsonNode jobs = j.path("jobs");
        if (jobs.isEmpty()) {
            b.append('\n').append("    ").append(m("report.none"));
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"JOBID", "NAME", "STATE", "TIME", "NODES", "NODELIST"});
            Set<String> trackedIds = new HashSet<>();
            for (JsonNode t : j.path("tracked")) trackedIds.add(t.path("jobId").asText());
            int hidden = 0;
            for (JsonNode job : jobs) {
                boolean active = !TERMINAL.contains(job.path("state").asText());
                if (jobs.size() > MAX_STATUS_ROWS && !active && !trackedIds.contains(job.path("jobId").asText())) {
                    hidden++;
                    continue;
                }
                String where = job.path("nodelist").asText("");
                String reason = job.path("reason").asText("");
                if ("PENDING".equals(job.path("state").asText()) && !reason.isEmpty() && !"None".equals(reason)) {
                    where = "(" + reason + ")";
                }
                rows.add(new String[] {job.path("jobId").asText(), job.path("name").asText(),
                    job.path("state").asText(), job.path("elapsed").asText(""), job.path("nodes").asText(""), where});
            }
            b.append(rows.size() > 1 ? table(rows) : "\n    " + m("report.status.none_active")); // every row hidden
            if (hidden > 0) b.append('\n').append(m("report.status.hidden", hidden));
        }
        b.append("\n\n").append(m("report.status.local"));
        List<String> names = new ArrayList<>(profiles);
        for (JsonNode t : j.path("tracked")) {
            String p = t.path("profile").asText();
            if (!names.contains(p)) names.add(p);
        }
        int width = 15;
        for (String p : names) width = Math.max(width, p.length() + 3);
        for (String p : names) {
            JsonNode tracked = null;
            for (JsonNode t : j.path("tracked")) if (p.equals(t.path("profile").asText())) tracked = t;
            String value;
            if (tracked == null) {
                value = m("report.status.untracked");
            } else {
                String jobId = tracked.path("jobId").asText("");
                String runDir = tracked.path("runDir").asText("");
                String st = tracked.path("state").asText("");
                value = jobId.isEmpty() ? m("report.status.rundir_only", withSlash(runDir))
                    : m("report.status.tracked", jobId, runDir.isEmpty() ? m("report.status.no_rundir") : withSlash(runDir));
                if (!st.isEmpty() && !inServerList(jobs, jobId)) value += " | " + st;
                value += SweepReports.counts(tracked);
            }
            b.append('\n').append(String.format("    %-" + width + "s%s", p + ":", value));
        }
        return b.toString();
    }

    private static boolean inServerList(JsonNode jobs, String jobId) {
        for (JsonNode job : jobs) if (jobId.equals(job.path("jobId").asText())) return true;
        return false;
    }

    /** The seed's column widths, widened per column so that the longest value still has one space after it. */
    private static final int[] COLUMN_WIDTHS = {11, 17, 9, 11, 7};

    private static String table(List<String[]> rows) {
        int[] widths = COLUMN_WIDTHS.clone();
        for (String[] r : rows) {
            for (int c = 0; c < widths.length; c++) widths[c] = Math.max(widths[c], r[c].length() + 1);
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("    ");
            for (int c = 0; c < widths.length; c++) line.append(String.format("%-" + widths[c] + "s", r[c]));
            b.append('\n').append((line + r[widths.length]).stripTrailing());
        }
        return b.toString();
    }

    private Reply watched(Plan plan, MakeResult r, String head) {
        String state = r.text("state", "UNKNOWN");
        if ("COMPLETED".equals(state)) {
            return success(head + m("report.watch.completed", r.text("jobId", "?"), plan.profile(), state,
                r.text("elapsed", "?")));
        }
        return jobFailed(plan, r);
    }

    private Reply log(Plan plan, MakeResult r, String head) {
        String text = r.text("text", "");
        String profile = Cards.logProfile(plan, r);
        String job = r.text("jobId", plan.vars().getOrDefault("JOBID", "?"));
        String header = head + (profile.isEmpty()
            ? m("report.log.header_no_profile", job, r.text("stream", "both"), r.text("lines", "?"))
            : m("report.log.header", profile, job, r.text("stream", "both"), r.text("lines", "?")));
        if (text.isBlank()) return info(header + "\n" + m("report.log.empty"))
            .withCard(Cards.log(plan, r, m("report.log.empty")));
        if (text.length() <= MAX_INLINE) return info(header + "\n" + text.stripTrailing())
            .withCard(Cards.log(plan, r, text.stripTrailing()));
        return new Reply(Reply.Tone.INFO, header + "\n" + m("report.log.attached") + "\n" + tail(text, 20), List.of(),
            text, true).withCard(Cards.log(plan, r, m("report.log.attached") + "\n" + tail(text, 20)));
    }

    private String recoverNext(Plan plan, MakeResult r) {
        String next = r.text("next", "none");
        return Messages.has("core.report.recover.next." + next) ? m("report.recover.next." + next, plan.profile()) : next;
    }

    String recovered(Plan plan, MakeResult r) {
        String nextText = recoverNext(plan, r);
        List<String> restored = r.list("restored");
        return m("report.recovered", plan.profile(), r.text("jobId", "-"), r.text("state", "-"),
            r.text("runDir") == null ? "-" : withSlash(r.text("runDir")),
            restored.isEmpty() ? m("report.none") : String.join(", ", restored), nextText);
    }

    private String spared(MakeResult r) {
        JsonNode spared = r.json().path("spared");
        if (spared.isEmpty()) return "";
        StringBuilder b = new StringBuilder("\n").append(m("report.clean.spared"));
        for (JsonNode s : spared) {
            b.append('\n').append(m("report.clean.item", s.isObject()
                ? withSlash(s.path("runDir").asText()) + " (Job " + s.path("jobId").asText() + ", " + s.path("state").asText() + ")"
                : s.asText()));
        }
        return b.toString();
    }

    String profilesList(JsonNode j) {
        StringBuilder b = new StringBuilder(m("report.profiles.header"));
        for (JsonNode p : j.path("profiles")) {
            b.append('\n').append(m("report.profiles.item", p.path("name").asText(), p.path("script").asText(),
                p.path("cpus").asText(), p.path("mem").asText(), p.path("time").asText()));
        }
        return b.toString();
    }

    String show(JsonNode j) {
        ProfileCard c = ptj.slurmrunner.run.LiveProjectState.card(j);
        StringBuilder b = new StringBuilder(m("report.show.title", c.name()));
        if (c.description() != null) b.append(" — ").append(c.description());
        b.append('\n').append(profileCard(c));
        String tj = j.path("trackedJobId").asText("");
        String tr = j.path("trackedRunDir").asText("");
        if (!tj.isEmpty() && !"null".equals(tj) || !tr.isEmpty() && !"null".equals(tr)) {
            b.append('\n').append(m("report.show.tracked", tj.isEmpty() || "null".equals(tj) ? "-" : tj,
                tr.isEmpty() || "null".equals(tr) ? "-" : withSlash(tr)));
        }
        return b.toString();
    }

    // ---- failures -------------------------------------------------------------------------------------------

    private Reply failure(Plan plan, MakeResult r) {
        if ("job_failed".equals(r.error()) || r.json().has("logTail") && r.text("state") != null) {
            return jobFailed(plan, r);
        }
        return new Reply(Reply.Tone.ERROR, errorText(plan, r), List.of(), attachmentFor(r), true);
    }

    /** "⚠️ message" + the seed's error-table hint for the code (or the toolkit's own hint). */
    String errorText(Plan plan, MakeResult r) {
        String code = r.error();
        String message = r.text("message", m("error.generic", code));
        StringBuilder b = new StringBuilder(m("report.error", message));
        String profile = plan.profile() == null ? "PROFILE" : plan.profile();
        if ("profile_not_found".equals(code) && r.json().has("profiles")) {
            b.append('\n').append(m("policy.profile_list", String.join(", ", r.list("profiles"))));
        } else if ("remote_failed".equals(code)) {
            b.append(remoteFailed(r, profile));
        } else if (plan.profile() == null && Messages.has("core.hint." + code + ".any")) {
            b.append('\n').append(m("hint." + code + ".any")); // status/clean/cancel: no "PROFILE=PROFILE"
        } else if (Messages.has("core.hint." + code)) {
            b.append('\n').append(m("hint." + code, profile));
        } else if (r.text("hint") != null) {
            b.append('\n').append("→ ").append(r.text("hint"));
        }
        if ("invalid_variable".equals(code) && r.text("key") != null) b.append('\n').append(m("report.error.key", r.text("key")));
        return b.toString();
    }

    /** ssh worked but the remote script failed: its stderr's first lines and a hint for the cause, not the network. */
    private static String remoteFailed(MakeResult r, String profile) {
        String cause = r.text("cause", "script_error");
        String key = Messages.has("core.hint.remote_failed." + cause) ? "hint.remote_failed." + cause : "hint.remote_failed";
        StringBuilder b = new StringBuilder();
        String detail = r.text("detail");
        if (detail != null && !detail.isBlank() && !r.text("message", "").contains(detail.strip())) {
            b.append('\n').append(m("report.remote_stderr", detail.strip().replace("\n", "\n  ")));
        }
        return b.append('\n').append(m(key, profile, r.text("command", "?"))).toString();
    }

    private static String attachmentFor(MakeResult r) {
        if (r.stderr() == null || r.stderr().isBlank() || !"internal".equals(r.error())) return null;
        return tail(r.stderr(), 40);
    }

    /** FAILED (or any bad end): state, exit code, a first diagnosis, the log tail. */
    Reply jobFailed(Plan plan, MakeResult r) {
        String state = r.text("state", "FAILED");
        String logTail = r.text("logTail", "");
        StringBuilder b = new StringBuilder(m("report.failed", r.text("jobId", "?"),
            plan.profile() == null ? "-" : plan.profile(), state, r.text("exitCode", "?"), r.text("elapsed", "?")));
        Diagnosis d = diagnoser.diagnose(state, r.text("exitCode"), logTail);
        b.append('\n').append(m("report.diagnosis", d.summary()));
        for (String e : d.evidence()) b.append('\n').append(m("report.diagnosis.evidence", e));
        if (d.hint() != null) b.append('\n').append(m("report.diagnosis.hint", d.hint()));
        String attachment = null;
        if (!logTail.isBlank()) {
            String shown = logTail.length() > MAX_INLINE ? tail(logTail, 20) : logTail.stripTrailing();
            b.append("\n\n").append(m("report.logtail")).append('\n').append(shown);
            if (logTail.length() > MAX_INLINE) attachment = logTail;
        }
        StringBuilder cardBody = new StringBuilder();
        for (String e : d.evidence()) cardBody.append(m("report.diagnosis.evidence", e)).append('\n');
        if (d.hint() != null) cardBody.append(m("report.diagnosis.hint", d.hint())).append('\n');
        int tailAt = b.indexOf("\n\n" + m("report.logtail"));
        if (tailAt >= 0) cardBody.append(b.substring(tailAt + 2));
        b.append('\n').append(m("report.failed.next", plan.profile() == null ? "PROFILE" : plan.profile()));
        return new Reply(Reply.Tone.ERROR, b.toString(), List.of(), attachment, true)
            .withCard(Cards.jobFailed(plan, r, state, d, cardBody.toString().strip()));
    }

    // ---- conversation ---------------------------------------------------------------------------------------

    public Reply help() {
        return info(m("help"));
    }

    public Reply declined() {
        return info(m("confirm.declined"));
    }

    public Reply refusedChoice(String message) {
        return new Reply(Reply.Tone.WARNING, message, List.of(), null, true);
    }

    public String stale() {
        return m("confirm.stale");
    }

    public Reply internalError() {
        return Reply.error(m("error.internal"));
    }

    public Reply noPendingQuestion() {
        return info(m("confirm.nothing_pending"));
    }

    /** "최근 기록", or everything about one job ("12345 누가 취소했어?"). */
    public Reply history(List<AuditEntry> entries, String jobId) {
        List<AuditEntry> shown = new ArrayList<>();
        for (AuditEntry e : entries) {
            if (!"history".equals(e.action()) && !"help".equals(e.action())
                && (jobId == null || jobId.equals(e.jobId()) || jobId.equals(e.vars().get("JOBID")))) {
                shown.add(e);
            }
        }
        if (jobId == null && shown.size() > 15) shown = shown.subList(shown.size() - 15, shown.size());
        StringBuilder b = new StringBuilder(jobId == null ? m("report.history.header") : m("report.history.job_header", jobId));
        if (shown.isEmpty()) return info(b.append('\n').append(m("report.history.none")).toString());
        if (jobId != null) {
            for (AuditEntry e : shown) {
                if ("cancel".equals(e.action()) && "result".equals(e.event()) && "ok".equals(e.result())) {
                    b.append('\n').append(m("report.history.cancelled_by", jobId, e.user(), when(e.time()), e.channel()));
                }
            }
        }
        for (AuditEntry e : shown) {
            String what = e.action() + (e.profile() != null ? " " + e.profile() : "") + (e.jobId() != null ? " #" + e.jobId() : "")
                + (e.vars().containsKey("DRY_RUN") ? " " + m("report.history.dry") : "");
            String outcome = e.result() != null ? e.result() + (e.error() != null ? " (" + e.error() + ")" : "")
                : e.decision() + (e.code() != null ? " (" + e.code() + ")" : "");
            b.append('\n').append(m("report.history.line", when(e.time()), e.user(), what, outcome));
        }
        return info(b.toString());
    }

    private static String when(String iso) {
        try {
            return WHEN.format(Instant.parse(iso));
        } catch (RuntimeException e) {
            return iso;
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Reply info(String text) {
        return new Reply(Reply.Tone.INFO, text, List.of(), null, true);
    }

    private static Reply success(String text) {
        return new Reply(Reply.Tone.SUCCESS, text, List.of(), null, true);
    }

    static String withSlash(String dir) {
        return dir == null || dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
    }

    private static String nz(String s) {
        return s == null ? "?" : s;
    }

    static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** For tests and the console: the variables as {@code K=V} words. */
    static String vars(Map<String, String> vars) {
        return vars.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
