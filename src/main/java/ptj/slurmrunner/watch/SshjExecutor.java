package ptj.slurmrunner.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One persistent sshj connection for all of the watcher's queries. The host key is checked against the
 * known-hosts files OpenSSH would use for the alias (never accepted blindly, never added). After a drop the next
 * {@link #exec} reconnects; failed connects back off exponentially (1 s, 2 s, 4 s … up to {@code maxBackoff}),
 * and while backing off exec fails at once without touching the network.
 */
public final class SshjExecutor implements RemoteExecutor {
    private static final Logger log = LoggerFactory.getLogger(SshjExecutor.class);

    private final SshSettings settings;
    private final Duration commandTimeout;
    private final Duration maxBackoff;
    private final ExecutorService readers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-read");
        t.setDaemon(true);
        return t;
    });

    private SSHClient client;
    private int connectFailures;
    private long nextConnectAtMillis;
    private long connects;

    public SshjExecutor(SshSettings settings, Duration commandTimeout, Duration maxBackoff) {
        this.settings = settings;
        this.commandTimeout = commandTimeout;
        this.maxBackoff = maxBackoff;
    }

    public SshjExecutor(SshSettings settings) {
        this(settings, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Override
    public synchronized Result exec(String command) throws IOException {
        SSHClient c = connected();
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> {
            try (Session session = c.startSession()) {
                Session.Command cmd = session.exec(command);
                CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(cmd.getErrorStream()), readers);
                String out = drain(cmd.getInputStream());
                cmd.join(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
                Integer status = cmd.getExitStatus();
                return new Result(status == null ? -1 : status, out, err.join());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, readers);
        try {
            Result r = run.get(commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.exitStatus() == -1) throw new IOException("no exit status (connection lost?)");
            return r;
        } catch (TimeoutException e) {
            dropConnection("command timed out after " + commandTimeout.toSeconds() + " s");
            throw new IOException("remote command timed out");
        } catch (ExecutionException e) {
            dropConnection(String.valueOf(e.getCause()));
            throw new IOException("remote command failed: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * The command runs in its own session on the same connection as {@link #exec}; closing the stream closes that
     * session (the remote loop then dies of SIGPIPE at its next heartbeat). A dropped connection ends the stream.
     */
    @Override
    public Stream stream(String command, Lines lines) throws IOException {
        Session session;
        Session.Command cmd;
        synchronized (this) {
            SSHClient c = connected();
            session = c.startSession();
            try {
                cmd = session.exec(command);
            } catch (IOException e) {
                session.close();
                throw e;
            }
        }
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        readers.execute(() -> {
            String why = "exited";
            try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(cmd.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l; (l = in.readLine()) != null; ) lines.line(l);
                Integer status = cmd.getExitStatus();
                if (status != null) why = "exited " + status;
            } catch (IOException | RuntimeException e) {
                why = rootMessage(e);
            } finally {
                open.set(false);
                try { session.close(); } catch (IOException ignored) { }
                lines.ended(why);
            }
        });
        readers.execute(() -> {
            try {
                drain(cmd.getErrorStream());
            } catch (RuntimeException ignored) {
                // the session closed under us; the stdout reader reports why
            }
        });
        return new Stream() {
            @Override
            public boolean alive() {
                return open.get() && session.isOpen();
            }

            @Override
            public void close() {
                open.set(false);
                try { session.close(); } catch (IOException ignored) { }
            }
        };
    }

    /** How many times a connection was established (1 for a healthy run; more after drops). */
    public synchronized long connects() {
        return connects;
    }

    /** Closes the connection as a network drop would; the next exec reconnects. For tests and shutdown. */
    public synchronized void dropConnection(String why) {
        if (client != null) {
            log.info("ssh {}: closing connection ({})", settings.describe(), why);
            try { client.close(); } catch (IOException ignored) { }
            client = null;
        }
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public synchronized void close() {
        dropConnection("shutdown");
        readers.shutdownNow();
    }

    private SSHClient connected() throws IOException {
        if (client != null && client.isConnected() && client.isAuthenticated()) return client;
        dropConnection("not connected");
        long now = System.currentTimeMillis();
        if (now < nextConnectAtMillis) {
            throw new IOException("ssh " + settings.describe() + " down, next attempt in "
                    + (nextConnectAtMillis - now) / 1000 + " s");
        }
        try {
            client = open();
            connectFailures = 0;
            connects++;
            return client;
        } catch (IOException e) {
            connectFailures++;
            long backoff = Math.min(maxBackoff.toMillis(), 1000L << Math.min(connectFailures - 1, 16));
            nextConnectAtMillis = System.currentTimeMillis() + backoff;
            log.warn("ssh {}: connect failed ({}), retry in {} ms", settings.describe(), rootMessage(e), backoff);
            throw e;
        }
    }

    private SSHClient open() throws IOException {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient c = new SSHClient(config);
        try {
            int loaded = 0;
            for (Path known : settings.knownHostsFiles()) {
                if (Files.isReadable(known)) {
                    c.loadKnownHosts(known.toFile());
                    loaded++;
                }
            }
            if (loaded == 0) {
                throw new IOException("no readable known_hosts file among " + settings.knownHostsFiles()
                        + "; connect once with the toolkit's ssh (it records the host key) and try again");
            }
            c.setConnectTimeout(settings.connectTimeoutSeconds() * 1000);
            c.getConnection().getKeepAlive().setKeepAliveInterval(settings.serverAliveIntervalSeconds());
            c.connect(settings.hostname(), settings.port());
            List<KeyProvider> keys = new ArrayList<>();
            for (Path id : settings.identityFiles()) {
                if (Files.isReadable(id)) keys.add(c.loadKeys(id.toString()));
            }
            if (keys.isEmpty()) throw new IOException("no readable identity file among " + settings.identityFiles());
            c.authPublickey(settings.user(), keys);
            log.info("ssh {}: connected", settings.describe());
            return c;
        } catch (IOException | RuntimeException e) {
            try { c.close(); } catch (IOException ignored) { }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    private static String drain(InputStream in) {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
