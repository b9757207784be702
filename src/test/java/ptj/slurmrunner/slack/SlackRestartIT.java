package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.audit.AuditLog;

/**
 * The real bot process ({@code Main slack}, HTTP mode) against the Slack stand-in and the dev cluster: a card asked
 * before a SIGTERM is clicked after a restart and the job runs once; a SIGTERM while that make call runs lets it
 * finish and exits 0; /healthz answers 200 healthy and 503 when the watcher's ssh is down. Own temp PROJECT_DIR and
 * REMOTE_DIR; cancels only its own job; stops only the processes it started, by pid.
 */
class SlackRestartIT {
    static final String SECRET = "restart-secret";
    static final Path REPO = Path.of("").toAbsolutePath();
    DevClusterProject dev;
    Path proj;
    SlackStandIn slack;
    Process bot;
    int port;
    final HttpClient http = HttpClient.newHttpClient();
    final List<Path> logs = new ArrayList<>();

    @BeforeEach
    void up() throws Exception {
        dev = DevClusterProject.create("restart-proj", "r");
        proj = dev.proj();
        // the bot runs plain `make` in its project: include the toolkit's Makefile (its TOOLKIT_DIR stays the repo)
        Files.writeString(proj.resolve("Makefile"), "include " + REPO.resolve("Makefile") + "\n");
        slack = new SlackStandIn();
    }

    @AfterEach
    void down() throws Exception {
        if (bot != null && bot.isAlive()) {
            bot.destroyForcibly(); // only the process this test started
            bot.waitFor(10, TimeUnit.SECONDS);
        }
        if (slack != null) slack.close();
        if (dev != null) dev.close();
    }

    Process start(Map<String, String> extra) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
            "ptj.slurmrunner.Main", "slack").directory(proj.toFile());
        Map<String, String> env = pb.environment();
        for (String k : List.of("SLACK_APP_TOKEN", "LLM_API_KEY", "LLM_BASE_URL", "SLURM_RUNNER_LLM")) env.remove(k);
        env.putAll(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET, "SLACK_API_URL", slack.apiUrl(),
            "SLACK_BIND", "127.0.0.1", "SLACK_PORT", String.valueOf(port), "PROJECT_DIR", proj.toString(),
            "CLUSTER_CONF", dev.conf().toString(), "REMOTE_DIR", dev.remoteDir(),
            "SLACK_POST_INTERVAL_MS", "0", "LANG", "C.UTF-8"));
        env.put("SLURM_RUNNER_STOP_TIMEOUT", "120");
        env.putAll(extra);
        Path log = proj.resolve("bot-" + logs.size() + ".log");
        logs.add(log);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        waitFor(() -> {
            try {
                healthz();
                return true;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, Duration.ofSeconds(60), "bot answers on its port");
        return p;
    }

    int sigterm(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", String.valueOf(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "the bot stops after SIGTERM");
        return p.exitValue();
    }

    @Test
    void should_run_a_card_asked_before_a_restart_once_and_finish_a_make_call_in_hand_on_sigterm() throws Exception {
        bot = start(Map.of());
        HttpResponse<String> health = healthz();
        assertEquals(200, health.statusCode(), health.body());

        String mention = SignedEvents.mention("EvR1", "U1", "1.100", "backtest_v5 실행해줘");
        assertEquals(200, send(mention, "application/json").statusCode());
        waitFor(() -> slack.question() != null, Duration.ofSeconds(60), "the confirmation card");
        SlackStandIn.Question q = slack.question();
        Path plans = proj.resolve("state/pending-plans.json");
        assertTrue(Files.readString(plans).contains("slurm-run"), "the plan is on disk before the restart");
        assertTrue(healthz().body().contains("\"pendingConfirmations\":1"), healthz().body());

        assertEquals(0, sigterm(bot), "SIGTERM → exit 0\n" + Files.readString(logs.get(0)));
        assertFalse(Files.exists(proj.resolve("slurm/jobs/backtest_v5.jobid")), "nothing ran before the click");

        bot = start(Map.of());
        assertTrue(healthz().body().contains("\"pendingConfirmations\":1"), "restored: " + healthz().body());
        click("U2", q, "9.001"); // someone else: refused after the restart too
        click("U1", q, "9.002"); // the owner
        Path jobid = proj.resolve("slurm/jobs/backtest_v5.jobid");
        // SIGTERM while make slurm-run is in hand: it must finish (job id written, report posted), then exit 0
        waitFor(() -> allBodies().contains("⏳") || Files.exists(jobid), Duration.ofSeconds(60), "the run started");
        long t0 = System.nanoTime();
        assertEquals(0, sigterm(bot), "SIGTERM during a make call → exit 0\n" + Files.readString(logs.get(1)));
        long drainMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("SIGTERM during make slurm-run: exited after " + drainMs + " ms");
        assertTrue(Files.exists(jobid), "the make call in hand finished: " + Files.readString(logs.get(1)));
        String id = Files.readString(jobid).trim();
        assertTrue(id.matches("[0-9]+"), id);
        assertTrue(allBodies().contains("Job 제출 완료") && allBodies().contains(id), "its report was posted");

        bot = start(Map.of());
        click("U1", q, "9.003"); // a second click after yet another restart
        waitFor(() -> slack.calls("chat.postEphemeral").size() >= 2, Duration.ofSeconds(30), "the refusals");
        assertEquals(id, Files.readString(jobid).trim(), "still the one job");
        int submitted = 0;
        for (var e : new AuditLog(proj.resolve("state/audit.jsonl")).all()) {
            if ("result".equals(e.event()) && "run".equals(e.action())) submitted++;
        }
        assertEquals(1, submitted, "one make slurm-run across three processes");
        assertTrue(healthz().body().contains("\"pendingConfirmations\":0"), healthz().body());
        assertEquals(0, sigterm(bot));
    }

    @Test
    void should_answer_healthz_503_when_the_watcher_cannot_reach_the_cluster() throws Exception {
        // ssh down for the watcher: the same alias pointed at a closed port; one tracked job makes it poll
        String cfg = Files.readString(dev.sshConfig()).replaceAll("(?m)^\\s*Port .*$", "  Port 1");
        Path sshConfig = Files.writeString(proj.resolve("ssh_config"), cfg);
        Files.writeString(proj.resolve("slurm/jobs/backtest_v5.jobid"), "999999\n");
        bot = start(Map.of("SSH_CONFIG", sshConfig.toString(), "WATCH_MIN_INTERVAL", "1"));
        waitFor(() -> {
            try {
                return healthz().statusCode() == 503;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, Duration.ofSeconds(60), "503 once a poll failed");
        JsonNode j = SlackStandIn.JSON.readTree(healthz().body());
        assertEquals("unhealthy", j.get("status").asText());
        assertEquals("failing", j.at("/watcher/state").asText());
        assertEquals(1, j.get("activeJobs").asInt());
        assertFalse(healthz().body().contains("999999"), "no job ids, no user ids in /healthz");
        Files.delete(proj.resolve("slurm/jobs/backtest_v5.jobid")); // not a real job: nothing to cancel
        assertEquals(0, sigterm(bot));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    HttpResponse<String> healthz() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
            .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    String allBodies() {
        StringBuilder sb = new StringBuilder();
        for (String m : List.of("chat.postMessage", "chat.update")) {
            for (Map<String, String> f : slack.calls(m)) sb.append(f.get("text")).append(f.get("blocks")).append('\n');
        }
        return sb.toString();
    }

    void click(String user, SlackStandIn.Question q, String actionTs) throws Exception {
        String payload = q.clickPayload(user, actionTs, slack.wm.baseUrl() + "/response_url");
        assertEquals(200, send("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded").statusCode());
    }

    HttpResponse<String> send(String body, String type) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
            .header("Content-Type", type).header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(ts, body))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void waitFor(BooleanSupplier cond, Duration max, String what) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) {
                StringBuilder out = new StringBuilder();
                for (Path l : logs) if (Files.exists(l)) out.append(Files.readString(l));
                throw new AssertionError("timed out waiting for " + what + "\n" + out);
            }
            Thread.sleep(200);
        }
    }
}
