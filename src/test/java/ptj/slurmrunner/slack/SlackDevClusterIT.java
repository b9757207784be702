package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import ptj.slurmrunner.run.LiveProjectState;
import ptj.slurmrunner.run.MakeRunner;

/**
 * Real Bolt (signed HTTP events), the real core pipeline, the real make toolkit, the real dev cluster: a mention asks
 * to run backtest_v5, the owner's 실행 click submits exactly one job, and a retried event, another user's click and a
 * second click change nothing. Own temp PROJECT_DIR and own REMOTE_DIR; cancels only its own job.
 */
class SlackDevClusterIT {
    static final String SECRET = "dev-cluster-secret";
    static final Path REPO = Path.of("").toAbsolutePath();
    DevClusterProject dev;
    Path proj;
    SlackStandIn slack;
    SlackFrontEnd front;
    final HttpClient http = HttpClient.newHttpClient();

    /** Set for tests tagged "watcher": a real watcher follows the job and its notices edit the job's card. */
    ptj.slurmrunner.watch.Watcher watcher;
    final List<ptj.slurmrunner.bot.Reply> collected = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void up(org.junit.jupiter.api.TestInfo info) throws Exception {
        boolean withWatcher = info.getTags().contains("watcher");
        dev = DevClusterProject.create("slack-proj", "t");
        proj = dev.proj();
        MakeRunner runner = dev.runner();
        Map<String, String> watchEnv = Map.of("CLUSTER_CONF", dev.conf().toString(), "REMOTE_DIR", dev.remoteDir(),
            "SLURM_RUNNER_STATE_DIR", proj.resolve("state").toString(), "WATCH_MIN_INTERVAL", "1",
            "WATCH_MAX_INTERVAL", "2");
        java.util.function.Function<ptj.slurmrunner.bot.NoticeSink, ptj.slurmrunner.bot.Bot> botFactory = notices -> {
            SubmittedJobs jobs = SubmittedJobs.NONE;
            if (withWatcher) {
                try {
                    watcher = ptj.slurmrunner.watch.WatchFactory.create(proj, notices,
                        new ptj.slurmrunner.watch.MakeCollector(runner), watchEnv);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                jobs = watcher;
            }
            return new Pipeline(IntentParsers.fromEnvironment(proj, Map.of()), new Policy(),
                () -> new LiveProjectState(proj, runner), new PlanStore(), runner, new Reports(new LogDiagnoser()),
                new AuditLog(proj.resolve("state/audit.jsonl")), jobs, "", proj, Clock.systemUTC(), false);
        };

        slack = new SlackStandIn();
        front = new SlackFrontEnd(slack.httpSettings(SECRET, proj.resolve("state")), botFactory, AccessGuard.RefusalLog.NONE);
        front.afterCollect((where, reply) -> collected.add(reply));
        front.start();
        if (watcher != null) watcher.start();
    }

    @AfterEach
    void down() throws Exception {
        if (watcher != null) watcher.close();
        if (front != null) front.close();
        if (slack != null) slack.close();
        if (dev != null) dev.close(); // cancels only the job this test submitted
    }

    @Test
    void should_submit_once_through_slack_buttons_down_to_make_on_the_dev_cluster() throws Exception {
        String mention = SignedEvents.mention("EvDev1", "U1", "1.100", "backtest_v5 실행해줘");
        assertEquals(200, send(mention, "application/json", Map.of()).statusCode());
        assertEquals(200, send(mention, "application/json", Map.of("X-Slack-Retry-Num", "1")).statusCode());
        idle();

        SlackStandIn.Question q = slack.question();
        assertNotNull(q, "the pipeline asked with buttons: " + slack.calls("chat.postMessage"));
        assertEquals(1, questions(), "a retried event does not ask twice");
        assertTrue(q.blocks().contains("Profile 확인") || q.blocks().contains("backtest_v5"), q.blocks());
        assertFalse(Files.exists(proj.resolve("slurm/jobs/backtest_v5.jobid")), "nothing runs before the click");

        click("U2", q, "9.001"); // someone else
        idle();
        assertFalse(Files.exists(proj.resolve("slurm/jobs/backtest_v5.jobid")), "another user's click runs nothing");
        assertEquals(1, slack.calls("chat.postEphemeral").size());

        click("U1", q, "9.002"); // the owner
        idle();
        Path jobid = proj.resolve("slurm/jobs/backtest_v5.jobid");
        assertTrue(Files.exists(jobid), "make slurm-run wrote the job id: " + allBodies() + slack.calls("chat.postEphemeral"));
        String id = Files.readString(jobid).trim();
        assertTrue(id.matches("[0-9]+"), id);
        String answered = allBodies();
        assertTrue(answered.contains("Job 제출 완료") && answered.contains(id), answered);
        Map<String, String> replaced = findUpdateOf(q.ts());
        assertNotNull(replaced, "the question message was edited");
        Map<String, String> card = slack.calls("chat.update").stream().filter(f -> q.ts().equals(f.get("ts")))
            .reduce((a, b) -> b).orElseThrow();
        assertFalse(card.get("blocks").contains("slurm_choices"), "the question's buttons are gone after the click");
        assertTrue(card.get("blocks").contains("slurm_steps") && card.get("blocks").contains("act:cancel:backtest_v5:" + id),
            "the job's card with its next steps took their place: " + card.get("blocks"));

        click("U1", q, "9.003"); // a second click
        idle();
        assertEquals(id, Files.readString(jobid).trim(), "still the one job");
        assertEquals(2, slack.calls("chat.postEphemeral").size());
        int submitted = 0;
        for (var e : new AuditLog(proj.resolve("state/audit.jsonl")).all()) {
            if ("result".equals(e.event()) && "run".equals(e.action())) submitted++;
        }
        assertEquals(1, submitted, "one make slurm-run in the audit log");
        // The cluster knows the job under the seed's name (squeue while it lives, sacct once slurmdbd has it).
        String seen = "";
        for (int i = 0; i < 40 && !seen.contains("ptj-backtest_v5"); i++) {
            seen = dev.ssh("squeue -h -t all -j " + id + " -o %j 2>/dev/null; sacct -X -n -P -j " + id
                + " --format=JobName 2>/dev/null");
            if (!seen.contains("ptj-backtest_v5")) Thread.sleep(500);
        }
        assertTrue(seen.contains("ptj-backtest_v5"), "job " + id + " on the cluster: " + seen);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    @Test
    @org.junit.jupiter.api.Tag("watcher")
    void should_move_the_jobs_card_to_completed_and_collect_from_its_notice_on_the_dev_cluster() throws Exception {
        String mention = SignedEvents.mention("EvDev2", "U1", "1.100", "backtest_v5 실행해줘");
        assertEquals(200, send(mention, "application/json", Map.of()).statusCode());
        idle();
        SlackStandIn.Question q = slack.question();
        click("U1", q, "9.011");
        idle();
        String id = Files.readString(proj.resolve("slurm/jobs/backtest_v5.jobid")).trim();
        String done = "✅ backtest_v5 · Job " + id + " 완료";
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<String> headers = new ArrayList<>();
        while (System.nanoTime() < end && !headers.contains(done)) {
            headers.clear();
            for (Map<String, String> f : slack.calls("chat.update")) {
                if (!q.ts().equals(f.get("ts"))) continue;
                JsonNode b = SlackStandIn.JSON.readTree(f.get("blocks"));
                headers.add(b.get(0).path("text").path("text").asText());
            }
            Thread.sleep(500);
        }
        System.out.println("JOB CARD HEADERS at " + q.ts() + ": " + headers);
        assertTrue(headers.contains(done), "the job's card reached COMPLETED in place: " + headers);
        assertTrue(headers.indexOf("⏳ Job 제출 완료 · backtest_v5 Job " + id) < headers.indexOf(done), headers.toString());

        // the completion notice in the thread, with 결과 가져오기: click it, make slurm-collect runs, the hook sees it
        Map<String, String> notice = null;
        for (Map<String, String> f : slack.calls("chat.postMessage")) {
            if ("1.100".equals(f.get("thread_ts")) && String.valueOf(f.get("blocks")).contains("act:collect:backtest_v5:" + id)) {
                notice = f;
            }
        }
        assertNotNull(notice, "a completion notice with a collect button: " + allBodies());
        JsonNode nb = SlackStandIn.JSON.readTree(notice.get("blocks"));
        JsonNode choices = null;
        for (JsonNode x : nb) if (x.path("block_id").asText().startsWith("slurm_choices")) choices = x;
        String noticeTs = "7.700";
        click("U1", new SlackStandIn.Question(noticeTs, "act:collect:backtest_v5:" + id, nb.toString(),
            choices.get("block_id").asText()), "9.012");
        idle();
        assertEquals(1, collected.size(), "the post-collect hook ran: " + allBodies());
        assertEquals(id, collected.get(0).card().job().jobId());
        assertTrue(Files.exists(proj.resolve("slurm/logs/" + id + ".out")), "collect pulled the log");
    }

    int questions() {
        int n = 0;
        for (Map<String, String> f : slack.calls("chat.postMessage")) if (String.valueOf(f.get("blocks")).contains("slurm_choices")) n++;
        for (Map<String, String> f : slack.calls("chat.update")) if (String.valueOf(f.get("blocks")).contains("slurm_choices")) n++;
        return n;
    }

    Map<String, String> findUpdateOf(String ts) {
        Map<String, String> last = null;
        for (Map<String, String> f : slack.calls("chat.update")) {
            if (ts.equals(f.get("ts")) && !String.valueOf(f.get("blocks")).contains("slurm_choices")) last = f;
        }
        return last;
    }

    String allBodies() {
        StringBuilder sb = new StringBuilder();
        for (String m : List.of("chat.postMessage", "chat.update")) {
            for (Map<String, String> f : slack.calls(m)) sb.append(f.get("blocks")).append('\n');
        }
        return sb.toString();
    }

    void click(String user, SlackStandIn.Question q, String actionTs) throws Exception {
        String payload = q.clickPayload(user, actionTs, slack.wm.baseUrl() + "/response_url");
        HttpResponse<String> r = send("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded", Map.of());
        assertEquals(200, r.statusCode());
    }

    HttpResponse<String> send(String body, String type, Map<String, String> headers) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.httpPort() + "/slack/events"))
            .header("Content-Type", type).header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(ts, body))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    void idle() {
        assertTrue(front.listeners().awaitIdle(180, TimeUnit.SECONDS), "work did not finish");
    }

}
