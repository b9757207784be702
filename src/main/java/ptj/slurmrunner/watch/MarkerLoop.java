package ptj.slurmrunner.watch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ONE small POSIX sh loop running on the login node, over the watcher's persistent ssh connection. Every
 * {@code interval} it reads the marker files the job templates write into the tracked run dirs
 * ({@code RUN_DIR/.slurm-runner/marker.<jobid>[_<task>]}: a line {@code start <epoch> <host>}, later
 * {@code end <exit code> <epoch>}) and prints a line only when a marker is new or changed, plus a heartbeat
 * {@code h <epoch>}. It never asks the scheduler anything. Protocol, one line each:
 * <pre>
 *   ready &lt;node epoch&gt;                       the loop runs
 *   m &lt;key&gt;|start &lt;epoch&gt; &lt;host&gt;[|end &lt;code&gt; &lt;epoch&gt;]   a new or changed marker
 *   h &lt;node epoch&gt;                           heartbeat, once per round
 * </pre>
 * A new loop reports every marker it finds once, so restarting it (the tracked dirs changed, the connection came
 * back) loses nothing; the watcher ignores what it already knows. Epochs are the login/compute node's clock and are
 * never compared with the bot's.
 *
 * <p>{@link #tick} is called about once a second from one thread; it starts, restarts (tracked dirs changed, loop
 * died, heartbeats stopped) and stops the loop, backing off exponentially after loops that did not come up.
 */
final class MarkerLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MarkerLoop.class);
    /** Run dirs go into a single-quoted shell word: only characters that need no quoting at all. */
    static final Pattern SAFE_DIR = Pattern.compile("/[A-Za-z0-9/_.,+=@-]{1,400}");
    static final Pattern KEY = Pattern.compile("[0-9]{1,12}(?:_[0-9]{1,7})?");
    /** A loop exits by itself after this many rounds and is started anew (bounds any loop the channel lost). */
    static final int MAX_ROUNDS = 21600;

    /** One marker file as the loop last read it. Times are the node's epoch seconds; null when not written yet. */
    record Marker(String key, Long startEpoch, String host, Integer exitCode, Long endEpoch) {
        boolean started() { return startEpoch != null; }

        boolean ended() { return exitCode != null; }
    }

    interface Listener {
        void marker(Marker m);

        /** The loop runs (again); {@code recovered} is false for the first start. */
        void up(boolean recovered);

        /** The loop is not running (died, stalled, could not start); notices fall back to polling. */
        void down(String why);
    }

    private final RemoteExecutor remote;
    private final Listener listener;
    private final Clock clock;
    private final int intervalSeconds;
    private final Duration staleAfter;

    private volatile RemoteExecutor.Stream stream;
    private List<String> dirs = List.of();
    private volatile long generation;
    private volatile long startedAt;
    private volatile boolean ready;
    private volatile long lastBeatMillis;
    private volatile long remoteEpoch;
    private volatile boolean healthy;
    private boolean everUp;
    private int failedStarts;
    private long nextStartAt;
    private String downReason;

    MarkerLoop(RemoteExecutor remote, Listener listener, Clock clock, Duration interval) {
        this.remote = remote;
        this.listener = listener;
        this.clock = clock;
        this.intervalSeconds = (int) Math.max(1, interval.toSeconds());
        this.staleAfter = Duration.ofSeconds(Math.max(6, 5L * intervalSeconds));
    }

    /** The remote command for these run dirs (already checked against {@link #SAFE_DIR}). */
    static String command(List<String> dirs, int intervalSeconds) {
        String script = "iv=$1; shift; n=0; echo \"ready $(date +%s)\"; "
                + "while [ $n -lt " + MAX_ROUNDS + " ]; do "
                + "for d in \"$@\"; do for f in \"$d\"/.slurm-runner/marker.*; do "
                + "[ -f \"$f\" ] || continue; k=${f##*/marker.}; "
                + "case $k in \"\"|*[!0-9_]*) continue ;; esac; "
                + "c=\"\"; while IFS= read -r l || [ -n \"$l\" ]; do c=\"$c|$l\"; done <\"$f\"; "
                + "eval \"o=\\${m_$k-}\"; [ \"$c\" = \"$o\" ] && continue; "
                + "echo \"m $k$c\" || exit 1; eval \"m_$k=\\$c\"; "
                + "done; done; "
                + "echo \"h $(date +%s)\" || exit 1; n=$((n+1)); sleep \"$iv\"; done";
        StringBuilder cmd = new StringBuilder("exec sh -c '").append(script).append("' ptj-watch ").append(intervalSeconds);
        for (String d : dirs) cmd.append(" '").append(d).append('\'');
        return cmd.toString();
    }

    /** Parses one {@code m} line's payload ("123_4|start 1700000000 node1|end 0 1700000042"); null if malformed. */
    static Marker parse(String payload) {
        String[] parts = payload.split("\\|");
        if (parts.length < 1 || !KEY.matcher(parts[0]).matches()) return null;
        Long start = null, end = null;
        String host = null;
        Integer code = null;
        for (int i = 1; i < parts.length; i++) {
            String[] w = parts[i].strip().split("\\s+");
            try {
                if (w[0].equals("start") && w.length >= 2) {
                    start = Long.parseLong(w[1]);
                    if (w.length >= 3 && w[2].matches("[A-Za-z0-9_.-]{1,200}")) host = w[2];
                } else if (w[0].equals("end") && w.length >= 3) {
                    code = Integer.parseInt(w[1]);
                    end = Long.parseLong(w[2]);
                }
            } catch (NumberFormatException ignored) {
                // a half-written line: the next round reads it whole
            }
        }
        return new Marker(parts[0], start, host, code, end);
    }

    /**
     * The loop runs and its last heartbeat is recent — or it is being restarted for a new set of run dirs (the new
     * loop reports every marker once, so the gap loses nothing) and has not yet had its time to answer.
     */
    boolean healthy() {
        RemoteExecutor.Stream s = stream;
        if (!healthy || s == null || !s.alive()) return false;
        long now = clock.millis();
        return ready ? now - lastBeatMillis < staleAfter.toMillis() : now - startedAt < staleAfter.toMillis();
    }

    /** Bot-clock millis of the last heartbeat (0 if none). */
    long lastBeatMillis() {
        return lastBeatMillis;
    }

    /** The node's epoch seconds in the last heartbeat (for the skew log line only). */
    long remoteEpoch() {
        return remoteEpoch;
    }

    /** Loops that failed to come up in a row (for the fallback log line and tests). */
    synchronized int failedStarts() {
        return failedStarts;
    }

    /** Starts, restarts or stops the loop so that it watches exactly {@code wanted} (absolute run dirs). */
    synchronized void tick(List<String> wanted) {
        long now = clock.millis();
        if (wanted.isEmpty()) {
            stop();
            return;
        }
        boolean running = stream != null && stream.alive();
        if (running && !ready && now - startedAt > staleAfter.toMillis() * 2) {
            failed("no answer from the loop within " + staleAfter.toSeconds() * 2 + " s");
            running = false;
        } else if (running && ready && now - lastBeatMillis > staleAfter.toMillis()) {
            wentDown("no heartbeat for " + (now - lastBeatMillis) / 1000 + " s");
            running = false;
        }
        if (running && wanted.equals(dirs)) return;
        if (running && !ready) return; // a restart waits until the starting loop answered
        closeStream();
        if (now < nextStartAt) return;
        start(wanted, now);
    }

    private void start(List<String> wanted, long now) {
        long gen = ++generation;
        dirs = List.copyOf(wanted);
        ready = false;
        startedAt = now;
        try {
            stream = remote.stream(command(dirs, intervalSeconds), new RemoteExecutor.Lines() {
                @Override
                public void line(String line) {
                    onLine(gen, line);
                }

                @Override
                public void ended(String why) {
                    onEnded(gen, why);
                }
            });
            log.debug("watch: marker loop started over {} run dir(s)", dirs.size());
        } catch (IOException | RuntimeException e) {
            stream = null;
            failed(e.getMessage());
        }
    }

    private void onLine(long gen, String line) {
        // Lock-free: the executor may deliver a line while tick() holds this monitor and waits on the executor
        // (start/close of a stream); a stale loop's line is dropped without waiting for either.
        if (gen != generation) return;
        boolean wasReady = ready;
        if (line.startsWith("h ") || line.startsWith("ready ")) {
            try {
                remoteEpoch = Long.parseLong(line.substring(line.indexOf(' ') + 1).strip());
            } catch (NumberFormatException ignored) {
                return;
            }
            lastBeatMillis = clock.millis();
            if (!wasReady) cameUp();
        } else if (line.startsWith("m ")) {
            Marker m = parse(line.substring(2));
            if (m != null) listener.marker(m);
        }
    }

    private void cameUp() {
        boolean recovered;
        synchronized (this) {
            ready = true;
            failedStarts = 0;
            if (healthy) return;
            healthy = true;
            recovered = everUp;
            everUp = true;
            downReason = null;
        }
        log.info("watch: marker loop runs on {} ({} run dir(s)); the scheduler is asked only to reconcile",
                remote.describe(), dirs.size());
        listener.up(recovered);
    }

    private void onEnded(long gen, String why) {
        synchronized (this) {
            if (gen != generation) return;
            if (!ready) {
                failed("loop ended before it ran: " + why);
                return;
            }
        }
        wentDown("loop ended: " + why);
    }

    private void failed(String why) {
        boolean tell;
        synchronized (this) {
            failedStarts++;
            long backoff = Math.min(300_000L, 1000L << Math.min(failedStarts, 9));
            nextStartAt = clock.millis() + backoff;
            closeStream();
            tell = healthy || (!everUp && failedStarts == 1) || !why.equals(downReason);
            healthy = false;
            downReason = why;
        }
        if (tell) listener.down(why);
    }

    private void wentDown(String why) {
        boolean tell;
        synchronized (this) {
            closeStream();
            tell = healthy;
            healthy = false;
            downReason = why;
            nextStartAt = 0;
        }
        if (tell) listener.down(why);
    }

    private void closeStream() {
        generation++;
        if (stream != null) stream.close();
        stream = null;
        ready = false;
    }

    private void stop() {
        if (stream != null) log.debug("watch: marker loop stopped (nothing to watch)");
        closeStream();
        dirs = List.of();
    }

    /** Run dirs that may go into the loop's command; others are left to polling. */
    static List<String> safeDirs(List<String> dirs) {
        List<String> out = new ArrayList<>();
        for (String d : dirs) if (d != null && SAFE_DIR.matcher(d).matches() && !d.contains("/../")) out.add(d);
        return out;
    }

    @Override
    public synchronized void close() {
        stop();
    }
}
