package ptj.slurmrunner.slack;

import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.ops.Health;
import ptj.slurmrunner.ops.HealthServer;

/**
 * HTTP mode without Jetty: the JDK's HttpServer on {@code bind:port}, one path ({@code /slack/events}), and Bolt
 * doing the rest — {@link SlackRequestParser} reads the raw request, {@code app.run} verifies the signature
 * (X-Slack-Signature over the exact body, timestamp within 5 minutes; else 401) and dispatches to the listeners.
 * <p>A body Bolt cannot make sense of (a signed event without its {@code event} object, broken JSON, an unknown
 * payload) gets 400 when it is signed and 401 when it is not, with one log line, and nothing runs: the signature is
 * checked here first, so an unsigned request never reaches the parser, and a parser failure is the sender's fault,
 * not a dropped connection. With a {@link Health} the same server answers {@code GET /healthz}.
 */
public final class HttpEventsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpEventsServer.class);
    /** Slack's payloads are a few KB; refuse anything absurd before reading it all. */
    static final int MAX_BODY = 1 << 20;

    private final App app;
    private final SlackRequestParser parser;
    private final HttpServer server;
    private final ExecutorService pool;
    private final SlackSignature.Verifier verifier;

    public HttpEventsServer(App app, String bind, int port, int threads) throws IOException {
        this(app, bind, port, threads, null);
    }

    public HttpEventsServer(App app, String bind, int port, int threads, Health health) throws IOException {
        this.app = app;
        String secret = app.config().getSigningSecret();
        this.verifier = secret == null || secret.isBlank() ? null
            : new SlackSignature.Verifier(new SlackSignature.Generator(secret));
        this.parser = new SlackRequestParser(app.config());
        this.server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "slack-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext(SlackSettings.EVENTS_PATH, this::handle);
        if (health != null) server.createContext(HealthServer.PATH, HealthServer.handler(health));
    }

    public void start() {
        app.start();
        server.start();
        log.info("Slack HTTP events listening on {}{}", server.getAddress(), SlackSettings.EVENTS_PATH);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())
                || !SlackSettings.EVENTS_PATH.equals(ex.getRequestURI().getPath())) {
                send(ex, 404, "text/plain", "not found");
                return;
            }
            byte[] raw = readBounded(ex.getRequestBody());
            if (raw == null) {
                send(ex, 413, "text/plain", "too large");
                return;
            }
            String body = new String(raw, StandardCharsets.UTF_8);
            if (verifier != null && !signed(ex, body)) {
                log.warn("refused a request to {}: signature missing, wrong or too old (401)", SlackSettings.EVENTS_PATH);
                send(ex, 401, "text/plain", "invalid signature");
                return;
            }
            Map<String, List<String>> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            SlackRequestParser.HttpRequest http = SlackRequestParser.HttpRequest.builder()
                .requestUri(ex.getRequestURI().getPath())
                .queryString(query(ex.getRequestURI().getRawQuery()))
                .requestBody(body)
                .headers(new RequestHeaders(headers))
                .remoteAddress(ex.getRemoteAddress().getAddress().getHostAddress())
                .build();
            Request<?> req;
            Response resp;
            try {
                req = parser.parse(http);
                resp = req == null ? null : app.run(req);
            } catch (Exception malformed) {
                // a signed body Bolt cannot read (no event object, broken JSON …): the sender's fault, nothing ran
                log.warn("refused a signed request to {}: malformed body ({}) (400)", SlackSettings.EVENTS_PATH,
                    malformed.getClass().getSimpleName());
                send(ex, 400, "text/plain", "malformed request");
                return;
            }
            if (resp == null) {
                log.warn("refused a request to {}: not a Slack payload (400)", SlackSettings.EVENTS_PATH);
                send(ex, 400, "text/plain", "unknown request");
                return;
            }
            resp.getHeaders().forEach((k, v) -> {
                if (!"content-type".equalsIgnoreCase(k)) ex.getResponseHeaders().put(k, v);
            });
            send(ex, resp.getStatusCode(), resp.getContentType(), resp.getBody() == null ? "" : resp.getBody());
        } catch (Exception e) {
            log.error("request to {} failed: {}", SlackSettings.EVENTS_PATH, e.toString());
            try {
                send(ex, 500, "text/plain", "error");
            } catch (IOException | RuntimeException ignored) {
                // headers may already be out
            }
        }
    }

    private boolean signed(HttpExchange ex, String body) {
        String ts = ex.getRequestHeaders().getFirst(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP);
        String sig = ex.getRequestHeaders().getFirst(SlackSignature.HeaderNames.X_SLACK_SIGNATURE);
        if (ts == null || sig == null || !ts.matches("[0-9]{1,12}")) return false;
        try {
            return verifier.isValid(ts, body, sig);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        byte[] all = in.readNBytes(MAX_BODY + 1);
        return all.length > MAX_BODY ? null : all;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType == null ? "text/plain" : contentType);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        app.stop();
    }
}
