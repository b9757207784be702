package ptj.slurmrunner.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket Mode through real Bolt and the Java-WebSocket backend against a local WebSocket server: hello, an
 * events_api envelope, its ack; a dropped connection and the reconnect; a redelivery after reconnect; a burst.
 */
class SlackSocketModeIT {
    @TempDir Path state;
    SlackStandIn slack;
    MockWebServer ws;
    FlakyProxy proxy;
    FakeBot bot;
    SlackFrontEnd front;
    final BlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<String> acks = new LinkedBlockingQueue<>();
    final Map<String, Long> ackNanos = new ConcurrentHashMap<>();
    final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void up() throws Exception {
        slack = new SlackStandIn();
        ws = new MockWebServer();
        ws.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket, Response response) {
                        connections.incrementAndGet();
                        socket.send("{\"type\":\"hello\",\"num_connections\":1,\"connection_info\":{\"app_id\":\"A1\"}}");
                        allOpened.add(socket);
                        opened.add(socket);
                    }

                    @Override
                    public void onMessage(WebSocket socket, String text) {
                        try {
                            JsonNode n = SlackStandIn.JSON.readTree(text);
                            if (n.has("envelope_id")) {
                                ackNanos.put(n.get("envelope_id").asText(), System.nanoTime());
                                acks.add(n.get("envelope_id").asText());
                            }
                        } catch (Exception e) {
                            acks.add("unparseable:" + text);
                        }
                    }

                    @Override
                    public void onClosing(WebSocket socket, int code, String reason) {
                        socket.close(1000, null);
                    }
                });
            }
        });
        ws.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
        proxy = new FlakyProxy(ws.getPort());
        slack.wm.stubFor(post(urlPathEqualTo("/api/apps.connections.open")).willReturn(okJson(
            "{\"ok\":true,\"url\":\"ws://127.0.0.1:" + proxy.port() + "/link/?ticket=t1\"}")));
        bot = new FakeBot();
        front = new SlackFrontEnd(SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_APP_TOKEN",
            "xapp-test", "SLACK_API_URL", slack.apiUrl(), "SLURM_RUNNER_STATE_DIR", state.toString(),
            "SLACK_POST_INTERVAL_MS", "0", "SLACK_WATCHDOG_SECONDS", "0.5")), bot, AccessGuard.RefusalLog.NONE);
        front.start();
    }

    @AfterEach
    void down() throws Exception {
        front.close();
        proxy.close();
        ws.shutdown();
        slack.close();
    }

    static String envelope(String envelopeId, String eventId, String ts, String text, int retry) {
        return "{\"envelope_id\":\"" + envelopeId + "\",\"type\":\"events_api\",\"accepts_response_payload\":false,"
            + "\"retry_attempt\":" + retry + ",\"retry_reason\":\"" + (retry > 0 ? "timeout" : "") + "\",\"payload\":{"
            + "\"token\":\"x\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\""
            + eventId + "\",\"event_time\":1700000000,\"event\":{\"type\":\"app_mention\",\"user\":\"U1\",\"text\":\"<@UBOT> "
            + text + "\",\"ts\":\"" + ts + "\",\"channel\":\"C1\",\"event_ts\":\"" + ts + "\"}}}";
    }

    final List<WebSocket> allOpened = new java.util.concurrent.CopyOnWriteArrayList<>();

    WebSocket lastOpened() {
        return allOpened.get(allOpened.size() - 1);
    }

    String awaitAck(String id) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            String a = acks.poll(100, TimeUnit.MILLISECONDS);
            if (id.equals(a)) return a;
        }
        return null;
    }

    @Test
    void should_ack_an_envelope_then_reconnect_after_a_drop_and_ignore_the_redelivery() throws Exception {
        WebSocket first = opened.poll(20, TimeUnit.SECONDS);
        assertNotNull(first, "client connected to the ws:// URL from apps.connections.open");
        first.send(envelope("env-1", "EvS1", "1.100", "Job 상태 확인", 0));
        assertEquals("env-1", awaitAck("env-1"));
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS));
        assertEquals(1, bot.calls.size());
        assertEquals("Job 상태 확인", bot.calls.get(0).text());
        assertEquals("1.100", slack.calls("chat.postMessage").get(0).get("thread_ts"));

        int opensBefore = slack.calls("apps.connections.open").size();
        proxy.drop(); // the connection drops without a close handshake
        WebSocket second = opened.poll(30, TimeUnit.SECONDS);
        assertNotNull(second, "client reconnected after the drop");
        assertTrue(slack.calls("apps.connections.open").size() > opensBefore, "a fresh URL was asked for");

        // Slack redelivers the unacked-looking event on the new connection: acked, not run again.
        second.send(envelope("env-2", "EvS1", "1.100", "Job 상태 확인", 1));
        assertEquals("env-2", awaitAck("env-2"));
        second.send(envelope("env-3", "EvS2", "1.200", "backtest_v5 로그", 0));
        assertEquals("env-3", awaitAck("env-3"));
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS));
        assertEquals(2, bot.calls.size());
        assertEquals("backtest_v5 로그", bot.calls.get(1).text());

        // /slurm over Socket Mode: acked on the socket, answered in a thread of its own
        second.send("{\"envelope_id\":\"env-c\",\"type\":\"slash_commands\",\"accepts_response_payload\":true,"
            + "\"payload\":{\"token\":\"x\",\"team_id\":\"T1\",\"channel_id\":\"C1\",\"user_id\":\"U1\","
            + "\"command\":\"/slurm\",\"text\":\"Job 상태\",\"trigger_id\":\"trS1\",\"response_url\":\""
            + slack.wm.baseUrl() + "/response_url\"}}");
        assertEquals("env-c", awaitAck("env-c"));
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS));
        assertEquals(3, bot.calls.size());
        assertEquals("Job 상태", bot.calls.get(2).text());
        assertNotNull(bot.calls.get(2).origin().threadTs());
    }

    @Test
    void should_restart_a_silent_connection_from_the_watchdog() throws Exception {
        WebSocket first = opened.poll(20, TimeUnit.SECONDS);
        assertNotNull(first);
        // The socket stays open but carries nothing: no close, no error; only an unanswered ping can tell.
        proxy.silence();
        assertNotNull(opened.poll(30, TimeUnit.SECONDS), "a new connection after the watchdog noticed");
        assertTrue(connections.get() >= 2);
        assertTrue(front.socket().restarts() >= 1 || slack.calls("apps.connections.open").size() >= 3);
        // and the new connection works
        WebSocket second = opened.isEmpty() ? null : opened.peek();
        acks.clear();
        for (WebSocket s : List.of(first)) s.send(envelope("lost", "EvLost", "4.1", "상태", 0)); // goes nowhere
        WebSocket fresh = lastOpened();
        fresh.send(envelope("env-w", "EvW1", "4.2", "상태", 0));
        assertEquals("env-w", awaitAck("env-w"));
    }

    @Test
    void should_ack_a_burst_of_200_envelopes_quickly() throws Exception {
        bot.quiet = true;
        WebSocket socket = opened.poll(20, TimeUnit.SECONDS);
        assertNotNull(socket);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        for (int i = 0; i < 200; i++) {
            String id = "burst-" + i;
            sent.put(id, System.nanoTime());
            socket.send(envelope(id, "EvBurst" + i, "3." + i, "상태 " + i, 0));
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ackNanos.keySet().stream().filter(k -> k.startsWith("burst-")).count() < 200 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        List<Long> micros = new ArrayList<>();
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            Long acked = ackNanos.get(e.getKey());
            assertNotNull(acked, "no ack for " + e.getKey());
            micros.add((acked - e.getValue()) / 1000);
        }
        Collections.sort(micros);
        System.out.printf("ACK LATENCY socket-mode burst=200 median=%.1f ms p95=%.1f ms worst=%.1f ms%n",
            micros.get(100) / 1000.0, micros.get(189) / 1000.0, micros.get(199) / 1000.0);
        assertTrue(micros.get(199) < 3_000_000, "every ack inside Slack's 3 s");
        // One at a time: the ack path alone, without the burst's queueing in the SDK's 10 ms message poller.
        List<Long> one = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "seq-" + i;
            long t = System.nanoTime();
            socket.send(envelope(id, "EvSeq" + i, "5." + i, "상태", 0));
            assertEquals(id, awaitAck(id));
            one.add((ackNanos.get(id) - t) / 1000);
        }
        Collections.sort(one);
        System.out.printf("ACK LATENCY socket-mode sequential=50 median=%.1f ms worst=%.1f ms%n",
            one.get(25) / 1000.0, one.get(49) / 1000.0);
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS));
        assertEquals(250, bot.calls.size());
        assertNull(acks.stream().filter(a -> a.startsWith("unparseable")).findFirst().orElse(null));
    }

    @Test
    void should_answer_healthz_on_the_health_port_on_loopback_in_socket_mode() throws Exception {
        assertNotNull(opened.poll(20, TimeUnit.SECONDS));
        front.close(); // the same settings again, now with the health endpoint (SLURM_RUNNER_HEALTH_PORT=0: any port)
        front = new SlackFrontEnd(SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_APP_TOKEN",
            "xapp-test", "SLACK_API_URL", slack.apiUrl(), "SLURM_RUNNER_STATE_DIR", state.toString(),
            "SLACK_POST_INTERVAL_MS", "0", "SLACK_WATCHDOG_SECONDS", "0.5")), bot, AccessGuard.RefusalLog.NONE);
        SlackFrontEnd f = front;
        front.start(new ptj.slurmrunner.ops.Health(f::slackState, () -> null, () -> 0, java.time.Duration.ofMinutes(5),
            java.time.Clock.systemUTC()), "127.0.0.1", 0);
        assertNotNull(opened.poll(20, TimeUnit.SECONDS));
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + front.healthPort() + "/healthz"))
                .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode j = SlackStandIn.JSON.readTree(r.body());
        assertEquals("connected", j.get("slack").asText(), r.body());
        assertEquals(503, r.statusCode(), "no watcher here: jobs would not be followed");
        assertEquals("watcher_off", j.at("/problems/0").asText());
    }
}
