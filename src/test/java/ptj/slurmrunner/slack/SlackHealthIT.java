package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.SlackSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.ops.Health;
import ptj.slurmrunner.watch.WatchHealth;

/**
 * Real Bolt behind our JDK HTTP adapter, Slack Web API stood in by WireMock: malformed bodies get 400 when signed and
 * 401 when not, never a dropped connection, and nothing reaches the bot; {@code GET /healthz} on the events port
 * answers 200 while healthy and 503 when the watcher's queries fail, with counts only.
 */
class SlackHealthIT {
    static final String SECRET = "health-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path state;
    SlackStandIn slack;
    FakeBot bot;
    SlackFrontEnd front;
    final HttpClient http = HttpClient.newHttpClient();
    final FakeWatch watch = new FakeWatch();
    final AtomicInteger pending = new AtomicInteger();

    static final class FakeWatch implements WatchHealth {
        volatile Instant last;
        volatile int failures;
        volatile int active;

        @Override public Optional<Instant> lastSuccessfulPoll() { return Optional.ofNullable(last); }
        @Override public int consecutiveFailures() { return failures; }
        @Override public int activeJobs() { return active; }
        @Override public int trackedJobs() { return active + 1; }
    }

    @BeforeEach
    void up() throws Exception {
        slack = new SlackStandIn();
        bot = new FakeBot();
        front = new SlackFrontEnd(SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-secret-token",
            "SLACK_SIGNING_SECRET", SECRET, "SLACK_API_URL", slack.apiUrl(), "SLACK_BIND", "127.0.0.1",
            "SLACK_PORT", "0", "SLURM_RUNNER_STATE_DIR", state.toString(), "SLACK_POST_INTERVAL_MS", "0")),
            bot, AccessGuard.RefusalLog.NONE);
        AtomicReference<SlackFrontEnd> f = new AtomicReference<>(front);
        Health health = new Health(() -> f.get().slackState(), () -> watch, pending::get, Duration.ofMinutes(5),
            Clock.systemUTC());
        front.start(health, "127.0.0.1", -1);
    }

    @AfterEach
    void down() throws Exception {
        if (front != null) front.close();
        slack.close();
    }

    HttpResponse<String> post(String body, String contentType, boolean sign) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.httpPort() + "/slack/events"))
            .header("Content-Type", contentType).header("X-Slack-Request-Timestamp", ts)
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sign) b.header("X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(ts, body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> healthz() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.httpPort() + "/healthz")).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_answer_malformed_signed_bodies_with_400_and_unsigned_with_401_running_nothing() throws Exception {
        List<String[]> bodies = List.of(
            new String[] {"{\"type\":\"event_callback\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"event_id\":\"EvX\"}",
                "application/json"}, // no event object: threw a NullPointerException before
            new String[] {"{\"type\":\"event_callback\",\"event\":", "application/json"},
            new String[] {"not json at all", "application/json"},
            new String[] {"payload=%7B%22type%22%3A%22block_actions%22%2C", "application/x-www-form-urlencoded"},
            new String[] {"{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}", "application/json"});
        for (String[] b : bodies) {
            HttpResponse<String> signed = post(b[0], b[1], true);
            assertTrue(signed.statusCode() == 400 || signed.statusCode() == 200,
                () -> b[0] + " → " + signed.statusCode() + " " + signed.body());
            assertEquals(401, post(b[0], b[1], false).statusCode(), b[0]);
        }
        // the first four are malformed beyond doubt: 400
        for (String[] b : bodies.subList(0, 4)) assertEquals(400, post(b[0], b[1], true).statusCode(), b[0]);
        Thread.sleep(300);
        assertTrue(bot.calls.isEmpty(), () -> "nothing may run: " + bot.calls);
    }

    @Test
    void should_answer_healthz_200_when_healthy_and_503_when_the_watcher_poll_fails() throws Exception {
        watch.active = 1;
        watch.last = Instant.now().minusSeconds(4);
        pending.set(2);
        HttpResponse<String> ok = healthz();
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
        JsonNode j = JSON.readTree(ok.body());
        assertEquals("ok", j.get("status").asText());
        assertEquals("listening", j.get("slack").asText());
        assertEquals("ok", j.at("/watcher/state").asText());
        assertTrue(j.at("/watcher/lastSuccessfulPollAgeSeconds").asLong() >= 4);
        assertEquals(2, j.get("trackedJobs").asInt());
        assertEquals(1, j.get("activeJobs").asInt());
        assertEquals(2, j.get("pendingConfirmations").asInt());

        watch.failures = 3; // ssh down: the batched squeue does not answer
        HttpResponse<String> down = healthz();
        assertEquals(503, down.statusCode(), down.body());
        JsonNode d = JSON.readTree(down.body());
        assertEquals("failing", d.at("/watcher/state").asText());
        assertEquals("watcher_poll_failing", d.at("/problems/0").asText());
        for (String secret : List.of("xoxb", SECRET, "U1", "C1")) assertFalse(down.body().contains(secret), secret);

        watch.failures = 0;
        watch.last = Instant.now().minus(Duration.ofMinutes(6));
        assertEquals(503, healthz().statusCode());
        assertEquals("stale", JSON.readTree(healthz().body()).at("/watcher/state").asText());

        watch.active = 0; // nothing live: no query is due, so nothing can be stale
        assertEquals(200, healthz().statusCode());
    }
}
