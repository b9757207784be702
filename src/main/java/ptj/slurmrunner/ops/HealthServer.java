package ptj.slurmrunner.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /healthz} on its own port, for Socket Mode (which has no HTTP listener of its own): the JDK's server
 * on {@code bind:port}, loopback unless told otherwise. HTTP mode mounts {@link #handler} on the events port instead.
 */
public final class HealthServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthServer.class);
    public static final String PATH = "/healthz";

    private final HttpServer server;

    public HealthServer(Health health, String bind, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bind, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "healthz");
            t.setDaemon(true);
            return t;
        }));
        server.createContext(PATH, handler(health));
    }

    public HealthServer start() {
        server.start();
        log.info("health endpoint on http://{}{}", server.getAddress(), PATH);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** GET/HEAD {@code /healthz} → the report; anything else 404/405. */
    public static HttpHandler handler(Health health) {
        return ex -> {
            try (ex) {
                if (!PATH.equals(ex.getRequestURI().getPath())) {
                    send(ex, 404, "text/plain", "not found");
                } else if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    send(ex, 405, "text/plain", "method not allowed");
                } else {
                    Health.Report r = health.check();
                    send(ex, r.status(), "application/json", r.json());
                }
            } catch (RuntimeException e) {
                log.error("healthz failed: {}", e.toString());
            }
        };
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
