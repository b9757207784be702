package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.results.ResultSummary;
import ptj.slurmrunner.results.Results;
import ptj.slurmrunner.run.LiveProjectState;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.MakeRunner;

/**
 * The dev cluster runs backtest_v5 for real; "backtest_v5 결과 가져와" through real Bolt and the real toolkit pulls
 * its files, and the thread gets a result card with that job's own sharpe and totalReturn plus the chart PNG through
 * Slack's three-step upload with the same thread_ts. Own temp project and REMOTE_DIR; cancels only its own job.
 */
class SlackResultsDevClusterIT {
    static final String SECRET = "results-dev-secret";
    static final Path REPO = Path.of("").toAbsolutePath();
    DevClusterProject dev;
    Path proj;
    MakeRunner runner;
    SlackStandIn slack;
    SlackFrontEnd front;
    String jobId;

    @BeforeEach
    void up() throws Exception {
        dev = DevClusterProject.create("results-proj", "r");
        proj = dev.proj();
        runner = dev.runner();
        Pipeline pipeline = new Pipeline(IntentParsers.fromEnvironment(proj, Map.of()), new Policy(),
            () -> new LiveProjectState(proj, runner), new PlanStore(), runner, new Reports(new LogDiagnoser()),
            new AuditLog(proj.resolve("state/audit.jsonl")), SubmittedJobs.NONE, "", proj, Clock.systemUTC(), false,
            Results.forProject(proj, proj.resolve("state")));
        slack = new SlackStandIn();
        front = new SlackFrontEnd(slack.httpSettings(SECRET, proj.resolve("state")), pipeline, AccessGuard.RefusalLog.NONE);
        front.start();
    }

    @AfterEach
    void down() throws Exception {
        if (front != null) front.close();
        if (slack != null) slack.close();
        if (dev == null) return;
        if (jobId != null && jobId.matches("[0-9]+")) dev.ssh("scancel " + jobId); // only our own job (a no-op when done)
        dev.close();
    }

    @Test
    void should_bring_the_jobs_sharpe_and_total_return_and_its_chart_into_the_thread() throws Exception {
        MakeResult run = runner.run("slurm-run", Map.of("PROFILE", "backtest_v5", "CONFIRM", "yes"), l -> { });
        assertTrue(run.ok(), run.json().toString());
        jobId = run.text("jobId");
        String state = "";
        for (int i = 0; i < 120 && !state.startsWith("COMPLETED") && !state.startsWith("FAILED"); i++) {
            state = dev.ssh("sacct -X -n -P -j " + jobId + " --format=State").strip();
            if (!state.startsWith("COMPLETED")) Thread.sleep(1000);
        }
        assertTrue(state.startsWith("COMPLETED"), "job " + jobId + ": " + state);

        String mention = SignedEvents.mention("EvRes1", "U1", "3.100", "backtest_v5 결과 가져와");
        SignedEvents.send(front, SECRET, mention);
        assertTrue(front.listeners().awaitIdle(180, TimeUnit.SECONDS));

        Path summary = proj.resolve("data/results/backtests/backtest_v5_" + jobId + "_summary.json");
        assertTrue(Files.exists(summary), "collect pulled the job's summary");
        ResultSummary s = ResultSummary.read(summary);
        String sharpe = ResultSummary.format(s.values().get("sharpe"));
        String totalReturn = ResultSummary.format(s.values().get("totalReturn"));

        Map<String, String> card = null;
        for (Map<String, String> f : slack.calls("chat.postMessage")) {
            if (String.valueOf(f.get("blocks")).contains("📊")) card = f;
        }
        assertNotNull(card, "result card: " + slack.calls("chat.postMessage"));
        assertEquals("3.100", card.get("thread_ts"));
        JsonNode blocks = SlackStandIn.blocks(card);
        BlockKitLimits.check(blocks);
        String b = blocks.toString();
        assertTrue(b.contains("Job " + jobId), b);
        assertTrue(b.contains("*sharpe* ⭐\\n`" + sharpe + "`"), "sharpe " + sharpe + " in " + b);
        assertTrue(b.contains("*totalReturn*\\n`" + totalReturn + "`"), "totalReturn " + totalReturn + " in " + b);
        assertTrue(b.contains("backtest_v5_" + jobId + "_trades.csv"), b);

        assertEquals(1, slack.calls("files.getUploadURLExternal").size());
        assertTrue(slack.calls("files.getUploadURLExternal").get(0).get("filename").endsWith(".png"));
        assertEquals(1, slack.wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/upload/F1"))).size());
        Map<String, String> complete = slack.calls("files.completeUploadExternal").get(0);
        assertEquals("C1", complete.get("channel_id"));
        assertEquals("3.100", complete.get("thread_ts"));
    }

    /** A 3-task sweep on the dev cluster; "결과 가져와" → the comparison card and the sweep's chart in the thread. */
    @Test
    void should_compare_a_sweeps_tasks_in_a_card_and_chart_their_metric_in_the_thread() throws Exception {
        MakeResult sweep = runner.run("slurm-sweep", Map.of("PROFILE", "backtest_v5", "SWEEP", "seed=1..3",
            "CONFIRM", "yes"), l -> { });
        assertTrue(sweep.ok(), sweep.json().toString());
        jobId = sweep.text("jobId");
        String states = "";
        for (int i = 0; i < 180; i++) {
            states = dev.ssh("sacct -n -P -j " + jobId + " --format=JobID,State").lines()
                .filter(l -> l.matches(jobId + "_[0-9]+\\|.*")).map(l -> l.split("\\|")[1])
                .reduce("", (a, b) -> a + b + " ").strip();
            if (states.split(" ").length == 3 && !states.contains("RUNNING") && !states.contains("PENDING")) break;
            Thread.sleep(1000);
        }
        assertTrue(states.matches("(COMPLETED ?){3}"), "tasks of " + jobId + ": " + states);

        String mention = SignedEvents.mention("EvRes2", "U1", "4.100", "backtest_v5 결과 가져와");
        SignedEvents.send(front, SECRET, mention);
        assertTrue(front.listeners().awaitIdle(180, TimeUnit.SECONDS));

        Map<String, String> card = null;
        for (Map<String, String> f : slack.calls("chat.postMessage")) {
            if (String.valueOf(f.get("blocks")).contains("Sweep 비교")) card = f;
        }
        assertNotNull(card, "comparison card: " + slack.calls("chat.postMessage"));
        assertEquals("4.100", card.get("thread_ts"));
        JsonNode blocks = SlackStandIn.blocks(card);
        BlockKitLimits.check(blocks);
        String table = blocks.get(1).get("text").get("text").asText();
        for (int i = 0; i < 3; i++) assertTrue(table.contains(jobId + "_" + i), table);
        assertTrue(blocks.get(0).get("text").get("text").asText().contains("Job " + jobId + " · sharpe 기준"));
        assertFalse(String.valueOf(slack.calls("chat.postMessage")).contains("📊 backtest_v5 결과 — Job " + jobId),
            "no per-job result card for the array id");
        assertEquals(1, slack.calls("files.getUploadURLExternal").size());
        assertEquals("backtest_v5_" + jobId + "_sweep_sharpe.png",
            slack.calls("files.getUploadURLExternal").get(0).get("filename"));
        Map<String, String> complete = slack.calls("files.completeUploadExternal").get(0);
        assertEquals("C1", complete.get("channel_id"));
        assertEquals("4.100", complete.get("thread_ts"));
    }
}
