package ptj.slurmrunner.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode over the Java-WebSocket backend. The SDK's own session monitor pings every 5 s and reconnects a closed
 * socket; on top of it a watchdog, every {@code interval}, checks that the Web API still answers auth.test and that
 * the socket still answers a ping, and opens a new connection (apps.connections.open) when it does not — a socket
 * that looks open but has gone silent is the failure the SDK alone misses.
 */
public final class SocketModeRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SocketModeRunner.class);

    private final SocketModeApp socketApp;
    private final SlackWeb web;
    private final Duration interval;
    private final ScheduledExecutorService watchdog;
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile boolean apiHealthy = true;
    private volatile boolean socketAnswers = true;

    public SocketModeRunner(App app, String appToken, SlackWeb web, Duration interval) throws Exception {
        // Envelopes run through Bolt on a small pool, so one slow ack path cannot queue the others behind it.
        this.socketApp = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket, 8);
        this.web = web;
        this.interval = interval;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slack-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() throws Exception {
        socketApp.startAsync();
        long ms = Math.max(200, interval.toMillis());
        watchdog.scheduleWithFixedDelay(this::check, ms, ms, TimeUnit.MILLISECONDS);
        log.info("Slack Socket Mode connected; watchdog every {} ms", ms);
    }

    /** One watchdog round; public for tests. */
    public void check() {
        try {
            boolean api = web.authTest();
            if (api != apiHealthy) log.warn("Slack Web API auth.test {}", api ? "answers again" : "fails");
            apiHealthy = api;
            SocketModeClient client = socketApp.getClient();
            if (client == null || socketApp.isClientStopped()) return;
            socketAnswers = client.verifyConnection();
            if (!socketAnswers) {
                int n = restarts.incrementAndGet();
                log.warn("Socket Mode connection silent: opening a new one (restart #{})", n);
                client.connectToNewEndpoint();
            }
        } catch (Exception e) {
            log.warn("watchdog round failed: {}", e.toString());
        }
    }

    public int restarts() {
        return restarts.get();
    }

    public boolean apiHealthy() {
        return apiHealthy;
    }

    /** For /healthz: a client that is not stopped and whose socket answered the watchdog's last ping. */
    public boolean connected() {
        SocketModeClient client = socketApp.getClient();
        return client != null && !socketApp.isClientStopped() && socketAnswers;
    }

    public SocketModeClient client() {
        return socketApp.getClient();
    }

    @Override
    public void close() throws Exception {
        watchdog.shutdownNow();
        socketApp.close();
    }
}
