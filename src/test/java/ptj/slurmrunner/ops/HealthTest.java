package ptj.slurmrunner.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.watch.WatchHealth;

class HealthTest {
    static final ObjectMapper JSON = new ObjectMapper();
    Instant now = Instant.parse("2026-11-30T12:00:00Z");
    final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId z) { return this; }
        @Override public Instant instant() { return now; }
    };

    record Watch(Instant last, int failures, int active) implements WatchHealth {
        @Override public Optional<Instant> lastSuccessfulPoll() { return Optional.ofNullable(last); }
        @Override public int consecutiveFailures() { return failures; }
        @Override public int activeJobs() { return active; }
        @Override public int trackedJobs() { return active; }
    }

    JsonNode check(Health.SlackState slack, WatchHealth w, int expectStatus) throws Exception {
        Health.Report r = new Health(() -> slack, () -> w, () -> 0, Duration.ofMinutes(5), clock).check();
        assertEquals(expectStatus, r.status(), r.json());
        return JSON.readTree(r.json());
    }

    @Test
    void should_be_unhealthy_when_slack_is_disconnected() throws Exception {
        JsonNode j = check(Health.SlackState.DISCONNECTED, new Watch(null, 0, 0), 503);
        assertEquals("slack_disconnected", j.at("/problems/0").asText());
        check(Health.SlackState.CONNECTED, new Watch(null, 0, 0), 200);
    }

    @Test
    void should_be_unhealthy_without_a_watcher() throws Exception {
        assertEquals("watcher_off", check(Health.SlackState.LISTENING, null, 503).at("/problems/0").asText());
    }

    @Test
    void should_call_a_live_job_never_answered_for_longer_than_stale_after_stale() throws Exception {
        Health h = new Health(() -> Health.SlackState.LISTENING, () -> new Watch(null, 0, 1), () -> 0,
            Duration.ofMinutes(5), clock);
        assertEquals(200, h.check().status(), "just started: give the first poll its time");
        now = now.plus(Duration.ofMinutes(6));
        Health.Report r = h.check();
        assertEquals(503, r.status());
        assertTrue(r.json().contains("watcher_poll_stale"), r.json());
        assertTrue(r.json().contains("\"lastSuccessfulPollAgeSeconds\":null"), r.json());
    }

    @Test
    void should_serve_only_get_on_the_health_path_bound_to_loopback() throws Exception {
        Health h = new Health(() -> Health.SlackState.CONNECTED, () -> new Watch(now, 0, 1), () -> 3,
            Duration.ofMinutes(5), clock);
        try (HealthServer s = new HealthServer(h, "127.0.0.1", 0).start()) {
            HttpClient c = HttpClient.newHttpClient();
            HttpResponse<String> ok = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/healthz"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals(3, JSON.readTree(ok.body()).get("pendingConfirmations").asInt());
            assertEquals(405, c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/healthz"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(404, c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/healthzx"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
