package ptj.slurmrunner.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.sweep.SweepComparison;
import ptj.slurmrunner.sweep.SweepResult;
import ptj.slurmrunner.sweep.SweepSummaries;

/** The sweep's reports: submitted (grid, tasks, request, concurrency), collected (comparison), task counts. */
final class SweepReports {
    /** Task table lines shown under "[Sweep 제출 완료]"; the rest is counted. */
    static final int MAX_TASK_LINES = 10;

    private SweepReports() {}

    static String submitted(Plan plan, MakeResult r) {
        JsonNode j = r.json();
        JsonNode tasks = j.path("tasks");
        StringBuilder b = new StringBuilder(Messages.get("sweep.report.submitted", r.text("profile", plan.profile()),
            r.text("jobId", "?"), r.text("script", "?"), r.text("sweep", plan.vars().getOrDefault("SWEEP", "?")),
            tasks.size(), r.text("cpus", "?"), r.text("mem", "?"), r.text("time", "?"), r.text("maxParallel", "?"),
            r.text("array", "?"), r.text("partition", "?"), r.text("account", "?"), r.text("runDir", "?") + "/"));
        int shown = 0;
        for (JsonNode t : tasks) {
            if (shown++ >= MAX_TASK_LINES) break;
            b.append('\n').append(String.format("    %3d  %s", t.path("index").asInt(), t.path("args").asText()));
        }
        if (tasks.size() > MAX_TASK_LINES) b.append('\n').append(Messages.get("sweep.report.more_tasks", tasks.size() - MAX_TASK_LINES));
        b.append('\n').append(Messages.get("sweep.report.next", r.text("jobId", "?"), r.text("profile", plan.profile())));
        return b.toString();
    }

    /**
     * The sweep's one card in Slack: a SUBMIT card about the array id, so it is kept and edited in place like a
     * job's card as the watcher reports the task counts ({@code cards.field.tasks}).
     */
    static Card card(Plan plan, MakeResult r) {
        String profile = r.text("profile", plan.profile());
        String jobId = r.text("jobId", "?");
        int tasks = r.json() == null ? 0 : r.json().path("tasks").size();
        Card c = Card.of(Card.Kind.SUBMIT, Messages.get("sweep.card.title")).withFields(List.of(
                Card.field("job", jobId), Card.field("profile", profile), Card.field("state", Card.stateWord(null)),
                Card.field("tasks", Messages.get("sweep.card.tasks", tasks, taskCounts(tasks, 0, 0, 0))),
                Card.field("grid", r.text("sweep", plan.vars().get("SWEEP"))),
                Card.field("resources", Cards.resources(r.text("cpus"), r.text("mem"), r.text("time"))),
                Card.field("parallel", Messages.get("sweep.card.parallel", r.text("maxParallel", "?"))),
                Card.field("where", r.text("partition", "?") + " / " + r.text("account", "?"))))
            .withContext(Reports.withSlash(r.text("runDir")), plan.commandLine());
        if (!Cards.MakeResultIds.valid(jobId)) return c;
        return c.withJob(new Card.Job(jobId, profile, null))
            .withSteps(Card.stepsFor(null, profile, jobId, Cards.rerunOverrides(plan)));
    }

    /** A collect of a sweep gets the comparison table of its tasks' summaries after the usual report. */
    static Reply withComparison(Reply collected, MakeResult r, Path projectDir, String profile) {
        if (r.json() == null || !r.json().path("tasks").isArray() || r.json().path("tasks").isEmpty()) return collected;
        String table = comparison(r.json(), projectDir, profile);
        Reply out = new Reply(collected.tone(), collected.text() + "\n\n" + table, collected.choices(),
            collected.attachment(), collected.done());
        return collected.card() == null ? out : out.withCard(collected.card());
    }

    static String comparison(JsonNode j, Path projectDir, String profile) {
        List<SweepComparison.Row> rows = SweepResult.rows(j, projectDir);
        String metric = SweepSummaries.metricOf(projectDir, profile);
        return SweepComparison.table(j.path("profile").asText(profile), j.path("jobId").asText("?"), rows, metric);
    }

    /** " (sweep 4개: ⏳ 0 · 🏃 2 · ✅ 1 · ❌ 1)" for a tracked sweep in the status block, else "". */
    static String counts(JsonNode tracked) {
        JsonNode c = tracked.path("taskCounts");
        if (!c.isObject()) return "";
        return " " + Messages.get("sweep.counts.tracked", c.path("total").asInt(), taskCounts(c.path("pending").asInt(),
            c.path("running").asInt(), c.path("completed").asInt(), c.path("failed").asInt()));
    }

    /** "⏳ 3 · 🏃 10 · ✅ 6 · ❌ 1" */
    static String taskCounts(int pending, int running, int completed, int failed) {
        return Messages.get("sweep.counts", pending, running, completed, failed);
    }
}
