package ptj.slurmrunner.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.app_backend.SlackSignature;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * Ack latency of the real Slack front end (Bolt) for a burst of events, over the same stand-ins as SlackHttpIT and
 * SlackSocketModeIT (WireMock Web API, MockWebServer WebSocket), with a quiet FakeBot behind. Used by the bench
 * (BotBench), not by tests: no assertions on speed here.
 */
public final class SlackAckBench {
    private SlackAckBench() {}

    /** Ack latency in microseconds of each of {@code events} signed Events API POSTs sent by 20 concurrent clients. */
    public static List<Long> httpBurst(int events, String runId) throws Exception {
        Path state = Files.createTempDirectory("bench-slack-http");
        String secret = "bench-signing-secret";
        try (SlackStandIn slack = new SlackStandIn()) {
            FakeBot bot = new FakeBot();
            bot.quiet = true;
            SlackFrontEnd front = new SlackFrontEnd(SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-bench",
                "SLACK_SIGNING_SECRET", secret, "SLACK_API_URL", slack.apiUrl(), "SLACK_BIND", "127.0.0.1",
                "SLACK_PORT", "0", "SLURM_RUNNER_STATE_DIR", state.toString(), "SLACK_POST_INTERVAL_MS", "0")),
                bot, AccessGuard.RefusalLog.NONE);
            front.start();
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + front.httpPort() + "/slack/events");
            ExecutorService clients = Executors.newFixedThreadPool(20);
            try {
                List<Future<Long>> lat = new ArrayList<>();
                for (int i = 0; i < events; i++) {
                    String body = SignedEvents.mention("Ev" + runId + "-" + i, "U1", "C1", "3." + i, null, "<@UBOT> 상태 " + i);
                    lat.add(clients.submit(() -> {
                        String ts = String.valueOf(Instant.now().getEpochSecond());
                        HttpRequest req = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                            .header("X-Slack-Request-Timestamp", ts)
                            .header("X-Slack-Signature", new SlackSignature.Generator(secret).generate(ts, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t = System.nanoTime();
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        long us = (System.nanoTime() - t) / 1000;
                        if (r.statusCode() != 200) throw new IllegalStateException("ack status " + r.statusCode());
                        return us;
                    }));
                }
                List<Long> out = new ArrayList<>();
                for (Future<Long> f : lat) out.add(f.get(60, TimeUnit.SECONDS));
                front.listeners().awaitIdle(30, TimeUnit.SECONDS);
                return out;
            } finally {
                clients.shutdownNow();
                front.close();
            }
        }
    }

    /** Ack latency in microseconds of each of {@code events} envelopes sent at once over one Socket Mode connection. */
    public static List<Long> socketBurst(int events, String runId) throws Exception {
        Path state = Files.createTempDirectory("bench-slack-socket");
        LinkedBlockingQueue<WebSocket> opened = new LinkedBlockingQueue<>();
        Map<String, Long> acked = new ConcurrentHashMap<>();
        MockWebServer ws = new MockWebServer();
        ws.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket, Response response) {
                        socket.send("{\"type\":\"hello\",\"num_connections\":1,\"connection_info\":{\"app_id\":\"A1\"}}");
                        opened.add(socket);
                    }

                    @Override
                    public void onMessage(WebSocket socket, String text) {
                        long now = System.nanoTime();
                        try {
                            JsonNode n = SlackStandIn.JSON.readTree(text);
                            if (n.has("envelope_id")) acked.put(n.get("envelope_id").asText(), now);
                        } catch (Exception ignored) {
                            // not an ack
                        }
                    }

                    @Override
                    public void onClosing(WebSocket socket, int code, String reason) {
                        socket.close(1000, null);
                    }
                });
            }
        });
        ws.start(InetAddress.getByName("127.0.0.1"), 0);
        try (SlackStandIn slack = new SlackStandIn()) {
            slack.wm.stubFor(post(urlPathEqualTo("/api/apps.connections.open")).willReturn(okJson(
                "{\"ok\":true,\"url\":\"ws://127.0.0.1:" + ws.getPort() + "/link/?ticket=t1\"}")));
            FakeBot bot = new FakeBot();
            bot.quiet = true;
            SlackFrontEnd front = new SlackFrontEnd(SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-bench",
                "SLACK_APP_TOKEN", "xapp-bench", "SLACK_API_URL", slack.apiUrl(), "SLURM_RUNNER_STATE_DIR",
                state.toString(), "SLACK_POST_INTERVAL_MS", "0")), bot, AccessGuard.RefusalLog.NONE);
            front.start();
            try {
                WebSocket socket = opened.poll(20, TimeUnit.SECONDS);
                if (socket == null) throw new IllegalStateException("Socket Mode never connected");
                Thread.sleep(300); // the SDK opens twice on start; let it settle on one socket
                WebSocket last = socket;
                WebSocket more;
                while ((more = opened.poll()) != null) last = more;
                Map<String, Long> sent = new ConcurrentHashMap<>();
                for (int i = 0; i < events; i++) {
                    String id = runId + "-" + i;
                    sent.put(id, System.nanoTime());
                    last.send(SlackSocketModeIT.envelope(id, "Ev" + id, "3." + i, "상태 " + i, 0));
                }
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (acked.size() < events && System.nanoTime() < end) Thread.sleep(10);
                List<Long> out = new ArrayList<>();
                for (Map.Entry<String, Long> e : sent.entrySet()) {
                    Long a = acked.get(e.getKey());
                    if (a == null) throw new IllegalStateException("no ack for " + e.getKey());
                    out.add((a - e.getValue()) / 1000);
                }
                front.listeners().awaitIdle(30, TimeUnit.SECONDS);
                return out;
            } finally {
                front.close();
            }
        } finally {
            ws.shutdown();
        }
    }
}
