package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.diagnose.Diagnoser;
import ptj.slurmrunner.diagnose.Diagnosis;
import ptj.slurmrunner.messages.Messages;

/**
 * Follows every job the bot submitted (and, read-only, every {@code slurm/jobs/*.jobid} of the project) with one
 * batched poll per interval, and posts each lifecycle notice once into the thread that asked: started (and, if it
 * waits long, why it waits), and how it ended with the reason; for `full` it collects after COMPLETED.
 *
 * <p>Threads: one poll thread does every state transition and posts every lifecycle notice, so no notice can race
 * with itself; {@link #submitted} and the collect thread only add or update jobs under {@link #lock}. Every change is
 * persisted before the next poll, and a notice is marked as sent only after the sink accepted it (a notice whose
 * post failed is tried again at the next poll).
 *
 * <p>A failed query concludes nothing: jobs keep their last known state. After {@code failuresBeforeOutage}
 * consecutive failed polls each thread with a live job hears "연결 끊김, 재시도 중" once; the first successful
 * poll after that posts "연결 복구" and reconciles every job in the same poll.
 *
 * <p>Event mode ({@link #enableEvents}): a {@link MarkerLoop} on the login node reports the start/end markers the
 * job templates write; an end marker is followed by ONE sacct for the notice (asked again while the record is not
 * complete). The poll above then only reconciles — every {@code reconcile} interval, after every reconnect of the
 * loop, once for a job still waiting after {@code pendingNoticeAfter} — and catches what leaves no marker (NODE_FAIL,
 * SIGKILL, cancel before start, jobs started elsewhere). Whenever the loop is not running, or a live job is not
 * covered by it (no run dir, array job, end marker without a record), the poll runs on today's schedule.
 */
public final class Watcher implements SubmittedJobs, WatchHealth, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Watcher.class);
    /** A thread that refuses the end notice this many polls in a row (archived channel…) stops being tried. */
    static final int MAX_FAILED_POSTS = 30;

    /** Tunables; {@link #defaults} for production, tests shorten the intervals. */
    public record Options(Duration minInterval, Duration maxInterval, Duration pendingNoticeAfter,
                          int failuresBeforeOutage, int unaccountedPollsMax, int logLines, String remoteDir,
                          Path projectDir, Duration keepEnded) {
        public static Options defaults(String remoteDir, Path projectDir) {
            return new Options(Duration.ofSeconds(3), Duration.ofSeconds(60), Duration.ofSeconds(30), 2, 3, 15,
                    remoteDir, projectDir, Duration.ofDays(3));
        }

        public Options withIntervals(Duration min, Duration max) {
            return new Options(min, max, pendingNoticeAfter, failuresBeforeOutage, unaccountedPollsMax, logLines,
                    remoteDir, projectDir, keepEnded);
        }

        public Options withPendingNoticeAfter(Duration d) {
            return new Options(minInterval, maxInterval, d, failuresBeforeOutage, unaccountedPollsMax, logLines,
                    remoteDir, projectDir, keepEnded);
        }
    }

    private final SlurmPoller poller;
    private final RemoteExecutor remote;
    private final NoticeSink sink;
    private final Diagnoser diagnoser;
    private final JobCollector collector;
    private final JobStore store;
    private final Options opts;
    private final Clock clock;
    /** Sweeps (array jobs) polled and reported as one job each: the only place the watcher knows about arrays. */
    private final SweepWatch sweeps;

    private final Object lock = new Object();
    private final Map<String, TrackedJob> jobs = new LinkedHashMap<>();
    private boolean outageNotified;
    private volatile int consecutiveFailures;
    private long polls;

    private final ScheduledThreadPoolExecutor pollThread = pollThread();
    private final ExecutorService collectThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watch-collect");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> next;
    private volatile boolean closed;
    private volatile boolean started;
    private volatile long lastHealthyMillis;
    private volatile long startedAtMillis;

    // event mode (null loop = poll only)
    /** An end marker is followed by sacct at most this many times before the poll takes the job over. */
    static final int MAX_FETCHES = 10;
    private MarkerLoop loop;
    private Duration reconcile = Duration.ofMinutes(5);
    private ScheduledThreadPoolExecutor loopThread;
    private final Map<String, Integer> fetchTries = new LinkedHashMap<>(); // poll thread only
    private ScheduledFuture<?> fetchNext;                                   // poll thread only
    private volatile boolean markersSeen;
    private volatile boolean noMarkers;
    private int endsWithoutMarker;
    private long skewLoggedAt;

    public Watcher(SlurmPoller poller, RemoteExecutor remote, NoticeSink sink, Diagnoser diagnoser,
                   JobCollector collector, Path stateDir, Options opts, Clock clock) throws IOException {
        this.poller = poller;
        this.remote = remote;
        this.sink = sink;
        this.diagnoser = diagnoser;
        this.collector = collector == null ? JobCollector.NONE : collector;
        this.store = new JobStore(stateDir);
        this.opts = opts;
        this.clock = clock;
        this.sweeps = new SweepWatch(remote, opts.projectDir(), opts.remoteDir(), opts.logLines());
        JobStore.Content c = store.load();
        outageNotified = c.outageNotified;
        for (TrackedJob j : c.jobs) jobs.put(j.jobId, j);
        log.info("watch: {} job(s) restored from {}", jobs.size(), store.file());
    }

    private static ScheduledThreadPoolExecutor pollThread() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "watch-poll");
            t.setDaemon(true);
            return t;
        });
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false); // close() waits for a running poll, not the next
        return e;
    }

    /**
     * Follows jobs by their start/end markers (a remote loop on the login node) and polls only to reconcile, every
     * {@code reconcile} interval. Call before {@link #start()}. {@code loopInterval}: how often the loop reads the
     * markers (1 s).
     */
    public Watcher enableEvents(Duration reconcile, Duration loopInterval) {
        if (started) throw new IllegalStateException("enableEvents before start");
        this.reconcile = reconcile;
        this.loop = new MarkerLoop(remote, new LoopEvents(), clock, loopInterval);
        this.loopThread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "watch-loop");
            t.setDaemon(true);
            return t;
        });
        return this;
    }

    /**
     * When the watcher last knew it could see the cluster: a successful poll (an idle watcher counts its idle round)
     * or a marker-loop heartbeat. Null before the first. For /healthz.
     */
    public java.time.Instant lastHealthy() {
        long t = Math.max(lastHealthyMillis, loop == null ? 0 : loop.lastBeatMillis());
        return t == 0 ? null : java.time.Instant.ofEpochMilli(t);
    }

    /** True while the marker loop runs and reports (event mode); false when polling as before. */
    public boolean eventsActive() {
        return loop != null && !noMarkers && loop.healthy();
    }

    /** Starts polling (and finishes collects a previous run left half done). */
    public void start() {
        List<TrackedJob> unfinished;
        synchronized (lock) {
            unfinished = jobs.values().stream().filter(j -> j.collect == TrackedJob.Collect.PENDING).toList();
        }
        for (TrackedJob j : unfinished) collectThread.execute(() -> runCollect(j.jobId));
        started = true;
        startedAtMillis = clock.millis();
        schedule(Duration.ZERO);
        if (loopThread != null) loopThread.scheduleWithFixedDelay(this::tickLoop, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone) {
        if (jobId == null || !jobId.matches("[0-9]{1,12}(_[0-9]+)?")) {
            log.warn("watch: ignoring invalid job id from the pipeline");
            return;
        }
        synchronized (lock) {
            TrackedJob j = jobs.computeIfAbsent(jobId, id -> new TrackedJob());
            j.jobId = jobId;
            j.profile = profile;
            j.source = TrackedJob.Source.BOT;
            if (origin != null) {
                j.userId = origin.userId();
                j.channelId = origin.channelId();
                j.threadTs = origin.threadTs();
            }
            j.collectWhenDone = collectWhenDone;
            if (j.runDir == null) j.runDir = runDirOf(profile);
            long now = clock.millis();
            if (j.submittedAt == 0) j.submittedAt = now;
            j.lastChangeAt = now;
            persist();
        }
        log.info("watch: job {} ({}) tracked, collectWhenDone={}", jobId, profile, collectWhenDone);
        // not at once: the pipeline posts its "[Job 제출 완료]" right after this call, and that should come first
        schedule(opts.minInterval());
    }

    @Override
    public void endReported(Origin origin, String jobId) {
        if (origin == null || jobId == null) return;
        synchronized (lock) {
            TrackedJob j = jobs.get(jobId);
            if (j == null || j.notified.contains("END") || !origin.equals(j.origin())) return;
            j.endReported = true;
            persist();
        }
        log.info("watch: job {} was shown ended in its own thread; its end notice becomes a card update", jobId);
    }

    /** The data behind "상태 확인": live jobs first (newest first), then jobs that ended in the last day. */
    public List<JobStatus> status() {
        long dayAgo = clock.millis() - Duration.ofDays(1).toMillis();
        synchronized (lock) {
            return jobs.values().stream()
                    .filter(j -> !j.concluded() || j.endedAt >= dayAgo)
                    .sorted(Comparator.comparing((TrackedJob j) -> j.concluded())
                            .thenComparing(j -> -j.submittedAt))
                    .map(j -> new JobStatus(j.jobId, j.profile, j.userId,
                            j.state, j.elapsed, j.nodes, "PENDING".equals(j.state) ? j.reason : null,
                            "PENDING".equals(j.state) ? j.startEstimate : null,
                            JobStatus.permalink(j.channelId, j.threadTs),
                            j.source == TrackedJob.Source.BOT ? "bot" : "jobfile", !j.concluded()))
                    .toList();
        }
    }

    /** {@link #status()} for the pipeline's "상태 확인": the jobs the bot submitted (job files are in [SLURM Status]). */
    @Override
    public List<SubmittedJobs.Tracked> tracked() {
        return status().stream().filter(s -> "bot".equals(s.tracking()))
                .map(s -> new SubmittedJobs.Tracked(s.jobId(), s.profile(), s.requester(), s.state(), s.elapsed(),
                        s.reason(), s.startEstimate(), s.threadLink(), s.active(), s.nodes()))
                .toList();
    }

    /**
     * One poll now, on the poll thread (so it never overlaps a scheduled one), waited for up to {@code max}. The
     * console calls it at end of input so notices that are due get printed before it closes.
     */
    public boolean pollNow(Duration max) {
        if (closed || !started) return false;
        try {
            pollThread.submit(this::pollOnce).get(max.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            log.warn("watch: poll on request did not finish: {}", e.toString());
            return false;
        }
    }

    /** For /healthz: in event mode the marker loop's heartbeat counts as seeing the cluster, not only a poll. */
    @Override
    public Optional<Instant> lastSuccessfulPoll() {
        return Optional.ofNullable(lastHealthy());
    }

    @Override
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    @Override
    public int activeJobs() {
        synchronized (lock) {
            return (int) jobs.values().stream().filter(j -> !j.concluded()).count();
        }
    }

    @Override
    public int trackedJobs() {
        synchronized (lock) {
            return jobs.size();
        }
    }

    /** Number of polls done (each = one squeue + at most one sacct). */
    public long polls() {
        synchronized (lock) {
            return polls;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (loopThread != null) {
            loopThread.shutdownNow();
            loop.close();
        }
        // let a poll or collect in progress finish and persist (an interrupt would abort the file write)
        pollThread.shutdown();
        collectThread.shutdown();
        try {
            if (!pollThread.awaitTermination(5, TimeUnit.SECONDS)) pollThread.shutdownNow();
            if (!collectThread.awaitTermination(5, TimeUnit.SECONDS)) collectThread.shutdownNow();
        } catch (InterruptedException e) {
            pollThread.shutdownNow();
            collectThread.shutdownNow();
            Thread.currentThread().interrupt();
        }
        remote.close();
    }

    // ---- scheduling -------------------------------------------------------------------------------------

    private synchronized void schedule(Duration delay) {
        if (closed || !started) return;
        if (next != null && next.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) return;
        if (next != null) next.cancel(false);
        next = pollThread.schedule(this::loop, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void loop() {
        synchronized (this) {
            next = null;
        }
        try {
            pollOnce();
        } catch (RuntimeException e) {
            log.error("watch: poll crashed", e);
        }
        schedule(nextInterval());
    }

    /**
     * Short right after a submit or a state change, longer the longer nothing happened: a tenth of the quiet
     * time of the most recently changed live job, bounded by [min, max].
     */
    Duration nextInterval() {
        long now = clock.millis();
        long quiet;
        if (consecutiveFailures == 0 && eventsActive()) {
            Duration d = reconcileDelay(now);
            if (d != null) return d;
        }
        synchronized (lock) {
            quiet = jobs.values().stream().filter(j -> !j.concluded())
                    .mapToLong(j -> now - Math.max(j.lastChangeAt, j.submittedAt)).min().orElse(Long.MAX_VALUE);
        }
        if (consecutiveFailures > 0) return opts.minInterval();
        long ms = quiet == Long.MAX_VALUE ? opts.maxInterval().toMillis() : quiet / 10;
        ms = Math.max(opts.minInterval().toMillis(), Math.min(opts.maxInterval().toMillis(), ms));
        return Duration.ofMillis(ms);
    }

    /**
     * In event mode: the reconcile interval, or sooner for a job that still has no start marker when it is due its
     * "waiting" notice. Null when some live job is not covered by the loop (the poll keeps today's schedule).
     */
    private Duration reconcileDelay(long now) {
        long next = reconcile.toMillis();
        synchronized (lock) {
            for (TrackedJob j : jobs.values()) {
                if (j.concluded()) continue;
                if (!covered(j)) return null;
                if (j.markerStart == null && !j.pendingChecked && !j.notified.contains("PENDING") && j.origin() != null
                        && ("SUBMITTED".equals(j.state) || "PENDING".equals(j.state))) {
                    next = Math.min(next, j.submittedAt + opts.pendingNoticeAfter().toMillis() - now);
                }
            }
        }
        return Duration.ofMillis(Math.max(opts.minInterval().toMillis(), next));
    }

    /** The loop reports this job's end (its run dir is known, it is no array, its end marker was not left hanging). */
    private boolean covered(TrackedJob j) {
        return j.runDir != null && !j.arrayTasks && j.markerExit == null;
    }

    // ---- events -----------------------------------------------------------------------------------------

    /** Once a second on the loop thread: the loop watches exactly the run dirs of the live jobs. */
    private void tickLoop() {
        try {
            List<String> dirs;
            synchronized (lock) {
                dirs = jobs.values().stream()
                        .filter(j -> !j.concluded() && j.runDir != null && !j.arrayTasks)
                        .map(j -> opts.remoteDir() + "/" + j.runDir).distinct().sorted().toList();
            }
            loop.tick(MarkerLoop.safeDirs(dirs));
            logSkew();
        } catch (RuntimeException e) {
            log.warn("watch: marker loop tick failed: {}", e.toString());
        }
    }

    /** Says once an hour how far the login node's clock is from ours; nothing is computed across the two clocks. */
    private void logSkew() {
        long beat = loop.lastBeatMillis(), remoteEpoch = loop.remoteEpoch();
        if (beat == 0 || remoteEpoch == 0 || beat - skewLoggedAt < 3_600_000L) return;
        long skew = remoteEpoch - beat / 1000;
        if (Math.abs(skew) >= 5) {
            log.info("watch: login node clock is {} s {} the bot's; marker times are shown as the node's and never "
                    + "compared with ours", Math.abs(skew), skew > 0 ? "ahead of" : "behind");
        }
        skewLoggedAt = beat;
    }

    private final class LoopEvents implements MarkerLoop.Listener {
        @Override
        public void marker(MarkerLoop.Marker m) {
            if (closed) return;
            try {
                pollThread.execute(() -> applyMarker(m));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the next start's loop reports the marker again
            }
        }

        @Override
        public void up(boolean recovered) {
            lastHealthyMillis = clock.millis();
            // after a reconnect the loop's first round has reported every marker; the poll catches the rest
            if (recovered) schedule(Duration.ZERO);
        }

        @Override
        public void down(String why) {
            log.warn("watch: marker loop on {} not running ({}); polling squeue/sacct as before until it is back",
                    remote.describe(), why);
            schedule(opts.minInterval());
        }
    }

    /** One marker as the loop read it: start → running notice; end → ONE sacct for the end notice. Poll thread. */
    void applyMarker(MarkerLoop.Marker m) {
        TrackedJob j;
        boolean postRunning = false;
        synchronized (lock) {
            j = jobs.get(m.key());
            if (j == null && m.key().contains("_")) {
                TrackedJob parent = jobs.get(m.key().substring(0, m.key().indexOf('_')));
                if (parent != null && !parent.arrayTasks) {
                    parent.arrayTasks = true; // its tasks are followed by the poll, as before
                    persist();
                    schedule(opts.minInterval());
                }
                return;
            }
            if (j == null || j.concluded()) return;
            markersSeen = true;
            noMarkers = false;
            if (m.started() && j.markerStart == null) {
                j.markerStart = m.startEpoch();
                if (m.host() != null) j.nodes = m.host();
                if (!m.ended() && ("SUBMITTED".equals(j.state) || "PENDING".equals(j.state))) {
                    j.state = "RUNNING";
                    j.reason = null;
                    j.lastChangeAt = clock.millis();
                }
                postRunning = !m.ended() && j.origin() != null && !j.notified.contains("RUNNING");
            }
            if (m.ended() && j.markerExit == null) {
                j.markerExit = m.exitCode();
                j.lastChangeAt = clock.millis();
                fetchTries.putIfAbsent(j.jobId, 0);
            }
            persist();
        }
        if (postRunning) {
            String text = Messages.get("watch.notice.running", j.profile, j.jobId, orDash(j.nodes));
            if (post(j.origin(), new Reply(Reply.Tone.INFO, text, List.of(), null, true))) mark(j, "RUNNING");
        }
        if (!fetchTries.isEmpty()) scheduleFetch(Duration.ofMillis(300));
    }

    private void scheduleFetch(Duration delay) {
        if (closed || (fetchNext != null && !fetchNext.isDone())) return;
        fetchNext = pollThread.schedule(this::fetchDue, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** ONE sacct for every job whose end marker came in; a job without its complete record is asked again. */
    private void fetchDue() {
        fetchNext = null;
        List<String> ids = List.copyOf(fetchTries.keySet());
        if (ids.isEmpty() || closed) return;
        Map<String, JobSnapshot> snaps = Map.of();
        try {
            snaps = poller.accounting(ids);
            lastHealthyMillis = clock.millis();
        } catch (SlurmPoller.QueryFailed e) {
            log.warn("watch: sacct after end marker failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("watch: sacct after end marker crashed", e);
        }
        for (String id : ids) {
            JobSnapshot s = snaps.get(id);
            if (s != null && s.ended()) {
                fetchTries.remove(id);
                handle(s);
            } else if (fetchTries.merge(id, 1, Integer::sum) >= MAX_FETCHES) {
                fetchTries.remove(id);
                log.warn("watch: job {} wrote its end marker but sacct has no complete record after {} tries; "
                        + "left to the poll", id, MAX_FETCHES);
                schedule(opts.minInterval());
            }
        }
        synchronized (lock) {
            persist();
        }
        if (!fetchTries.isEmpty()) scheduleFetch(Duration.ofMillis(700));
    }

    /**
     * A poll saw a job end that the loop, while running, never reported a marker for. Twice with no marker ever seen
     * means markers do not reach the login node (no shared file system, or templates without markers): poll as before.
     */
    private void endedWithoutMarker(TrackedJob j, String state) {
        // cancelled before it started, NODE_FAIL, KILL…: no marker is expected; a job from before this bot started
        // may have run an older template
        boolean markerExpected = ("COMPLETED".equals(state) || "FAILED".equals(state)) && j.submittedAt >= startedAtMillis;
        if (loop == null || markersSeen || noMarkers || !markerExpected || j.runDir == null || j.markerStart != null
                || !loop.healthy()) {
            return;
        }
        if (++endsWithoutMarker >= 2) {
            noMarkers = true;
            log.warn("watch: {} jobs ended without a marker reaching the login node (no shared file system, or job "
                    + "templates without markers?); polling squeue/sacct as before", endsWithoutMarker);
        }
    }

    // ---- one poll ---------------------------------------------------------------------------------------

    /** One poll: the ids, one batched query, transitions, notices. Runs on the poll thread (tests call it). */
    void pollOnce() {
        List<String> ids;
        synchronized (lock) {
            readJobFiles();
            ids = jobs.values().stream().filter(j -> !j.concluded()).map(j -> j.jobId).toList();
        }
        if (ids.isEmpty()) {
            lastHealthyMillis = clock.millis(); // nothing to ask: idle and well
            return;
        }
        Map<String, JobSnapshot> snaps;
        try {
            snaps = sweeps.poll(poller, ids);
        } catch (SlurmPoller.QueryFailed e) {
            onQueryFailed(e);
            return;
        } finally {
            synchronized (lock) {
                polls++;
            }
        }
        if (consecutiveFailures > 0 || outageNotified) onQueryRecovered();
        consecutiveFailures = 0;
        lastHealthyMillis = clock.millis();
        synchronized (lock) {
            long now = clock.millis();
            for (TrackedJob j : jobs.values()) {
                if (now - j.submittedAt >= opts.pendingNoticeAfter().toMillis()) j.pendingChecked = true;
            }
        }
        for (JobSnapshot s : snaps.values()) {
            if (closed) return;
            handle(s);
        }
        synchronized (lock) {
            prune();
            persist();
        }
    }

    private void onQueryFailed(SlurmPoller.QueryFailed e) {
        consecutiveFailures++;
        log.warn("watch: poll failed ({} in a row): {}", consecutiveFailures, e.getMessage());
        if (consecutiveFailures < opts.failuresBeforeOutage() || outageNotified) return;
        boolean allSent = true;
        for (Map.Entry<Origin, TrackedJob> t : liveThreads().entrySet()) {
            allSent &= post(t.getKey(), new Reply(Reply.Tone.WARNING,
                    Messages.get("watch.notice.disconnected", remote.describe()), List.of(), null, true));
        }
        synchronized (lock) {
            outageNotified = allSent;
            persist();
        }
    }

    private void onQueryRecovered() {
        boolean wasNotified;
        synchronized (lock) {
            wasNotified = outageNotified;
        }
        if (!wasNotified) return;
        for (Map.Entry<Origin, TrackedJob> t : liveThreads().entrySet()) {
            TrackedJob j = t.getValue();
            post(t.getKey(), new Reply(Reply.Tone.INFO, Messages.get("watch.notice.reconnected", remote.describe()),
                    List.of(new Reply.Choice(ChoiceIds.of(ChoiceIds.RECOVER, j.profile, j.jobId),
                            Messages.get("watch.choice.recover"), null)), null, true));
        }
        synchronized (lock) {
            outageNotified = false;
            persist();
        }
    }

    /** One job per thread that still has a live job with an origin. */
    private Map<Origin, TrackedJob> liveThreads() {
        Map<Origin, TrackedJob> out = new LinkedHashMap<>();
        synchronized (lock) {
            for (TrackedJob j : jobs.values()) {
                if (!j.concluded() && j.origin() != null) out.putIfAbsent(j.origin(), j);
            }
        }
        return out;
    }

    private void handle(JobSnapshot s) {
        TrackedJob j;
        boolean changed;
        synchronized (lock) {
            j = jobs.get(s.jobId());
            if (j == null) return;
            // neither squeue nor sacct knows it (yet): not finished, keep the last known state
            if (JobSnapshot.UNKNOWN.equals(s.state())) return;
            changed = !s.state().equals(j.state);
            j.state = s.state();
            j.rawState = s.rawState();
            if (s.reason() != null || !"PENDING".equals(s.state())) j.reason = s.reason();
            if (s.nodes() != null) j.nodes = s.nodes();
            if (s.elapsed() != null) j.elapsed = s.elapsed();
            if (s.exitCode() != null) j.exitCode = s.exitCode();
            j.startEstimate = s.startEstimate();
            if (changed) j.lastChangeAt = clock.millis();
        }
        Origin origin = j.origin();
        if (origin != null && !s.ended()) sweepProgress(j, origin, s);
        if ("PENDING".equals(s.state())) {
            if (origin != null && !j.notified.contains("PENDING") && s.reason() != null
                    && clock.millis() - j.submittedAt >= opts.pendingNoticeAfter().toMillis()) {
                String text = Messages.get("watch.notice.pending", j.profile, j.jobId, s.reason())
                        + (s.startEstimate() == null ? "" : Messages.get("watch.notice.pending.start", s.startEstimate()));
                Card card = Card.jobNotice(j.jobId, j.profile, "PENDING", s.reason(), Card.field("reason", s.reason()));
                if (post(origin, new Reply(Reply.Tone.INFO, text, List.of(), null, true).withCard(card))) {
                    mark(j, "PENDING");
                }
            }
            return;
        }
        if (!s.ended()) {
            if (origin != null && !j.notified.contains("RUNNING") && isRunningLike(s.state())) {
                String text = Messages.get("watch.notice.running", j.profile, j.jobId, orDash(s.nodes()));
                Card card = Card.jobNotice(j.jobId, j.profile, s.state(), s.nodes(), Card.field("node", s.nodes()));
                if (post(origin, new Reply(Reply.Tone.INFO, text, List.of(), null, true).withCard(card))) {
                    mark(j, "RUNNING");
                }
            }
            return;
        }
        // ended: wait a few polls for the accounting record (exit code, usage) if squeue was quicker than sacct
        synchronized (lock) {
            if (changed) endedWithoutMarker(j, s.state());
            if (!s.accounted() && waitForAccounting(j)) return;
        }
        if (origin == null) {
            synchronized (lock) {
                j.endedAt = clock.millis();
            }
            return;
        }
        if (j.notified.contains("END")) return;
        if (j.endReported && "COMPLETED".equals(s.state()) && !sweeps.isSweep(j.jobId)) {
            try {
                sink.progress(origin, Card.jobNotice(j.jobId, j.profile, s.state(), s.nodes(),
                        Card.field("node", s.nodes()), Card.field("elapsed", s.elapsed())));
            } catch (RuntimeException e) {
                log.warn("watch: card of job {} not brought up to date: {}", j.jobId, e.toString());
            }
            synchronized (lock) {
                j.endedAt = clock.millis();
                j.notified.add("END");
                persist();
            }
            return;
        }
        Reply end = sweeps.isSweep(j.jobId) ? sweeps.endNotice(j.profile, j.jobId, s, diagnoser, j.collectWhenDone ? List.of()
                : List.of(new Reply.Choice(ChoiceIds.of(ChoiceIds.COLLECT, j.profile, j.jobId),
                        Messages.get("watch.choice.collect"), "primary")))
                : "COMPLETED".equals(s.state()) ? completedNotice(j, s) : failedNotice(j, s);
        if (!post(origin, end)) {
            synchronized (lock) {
                if (++j.failedPosts < MAX_FAILED_POSTS) return;
            }
            log.warn("watch: giving up the end notice of job {} after {} refused posts", j.jobId, MAX_FAILED_POSTS);
        }
        synchronized (lock) {
            j.endedAt = clock.millis();
            j.notified.add("END");
            if ("COMPLETED".equals(s.state()) && j.collectWhenDone && j.collect == TrackedJob.Collect.NONE) {
                j.collect = TrackedJob.Collect.PENDING;
            }
            persist();
        }
        if (j.collect == TrackedJob.Collect.PENDING) collectThread.execute(() -> runCollect(j.jobId));
    }

    /** How long an ended job's notice may wait for slurmdbd's record (exit code, usage) on a busy controller. */
    static final Duration ACCOUNTING_WAIT = Duration.ofSeconds(20);

    /**
     * True while an ended job's notice should wait for its accounting record: at least {@code unaccountedPollsMax}
     * polls, and on a busy slurmdbd up to {@link #ACCOUNTING_WAIT} — a notice without its exit code and efficiency
     * ("exit -") once went out after three 1-s polls — but never more than ten times the polls. Caller holds lock.
     */
    private boolean waitForAccounting(TrackedJob j) {
        long now = clock.millis();
        if (j.unaccountedSince == 0) j.unaccountedSince = now;
        int polls = j.unaccountedPolls;
        boolean wait = polls < opts.unaccountedPollsMax()
                || (polls < 10 * opts.unaccountedPollsMax() && now - j.unaccountedSince < ACCOUNTING_WAIT.toMillis());
        if (wait) j.unaccountedPolls++;
        return wait;
    }

    /**
     * A sweep's card shows its task counts: one edit in place when they changed since the last poll, nothing posted
     * in the thread. At most one edit per {@link #SWEEP_CARD_EVERY} (the first at once), whatever the number of
     * tasks; the end comes with the end notice.
     */
    static final Duration SWEEP_CARD_EVERY = Duration.ofSeconds(30);

    private void sweepProgress(TrackedJob j, Origin origin, JobSnapshot s) {
        String counts = sweeps.counts(j.jobId);
        if (counts == null || counts.equals(j.sweepCounts)) return;
        long now = clock.millis();
        if (j.sweepCounts != null && now - j.sweepCardAt < SWEEP_CARD_EVERY.toMillis()) return;
        try {
            sink.progress(origin, Card.jobNotice(j.jobId, j.profile, s.state(), null, Card.field("tasks", counts)));
        } catch (RuntimeException e) {
            log.warn("watch: progress of sweep {} not shown, next poll tries again: {}", j.jobId, e.toString());
            return;
        }
        synchronized (lock) {
            j.sweepCounts = counts;
            j.sweepCardAt = now;
        }
    }

    private static boolean isRunningLike(String state) {
        return switch (state) {
            case "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED", "STAGE_OUT", "SIGNALING", "RESIZING" -> true;
            default -> false;
        };
    }

    private Reply completedNotice(TrackedJob j, JobSnapshot s) {
        StringBuilder text = new StringBuilder(Messages.get("watch.notice.completed", j.profile, j.jobId,
                orDash(s.elapsed()), orDash(s.nodes())));
        List<String> eff = s.efficiency() == null ? List.of(Messages.get("watch.notice.efficiency.unknown"))
                : s.efficiency().lines();
        for (String l : eff) text.append("\n  ").append(l);
        List<Reply.Choice> choices = j.collectWhenDone ? List.of() : List.of(new Reply.Choice(
                ChoiceIds.of(ChoiceIds.COLLECT, j.profile, j.jobId), Messages.get("watch.choice.collect"), "primary"));
        return new Reply(Reply.Tone.SUCCESS, text.toString(), choices, null, true).withCard(Card.jobNotice(j.jobId,
                j.profile, s.state(), s.nodes(), Card.field("node", s.nodes()), Card.field("elapsed", s.elapsed())));
    }

    private Reply failedNotice(TrackedJob j, JobSnapshot s) {
        LogTail tail = LogTail.fetch(remote, opts.remoteDir(), j.jobId, opts.logLines(), cancellerUid(s.rawState()));
        String rawState = s.rawState();
        if (tail.canceller() != null && rawState != null) {
            rawState = rawState.replaceFirst("by \\d+", "by " + tail.canceller());
        }
        Diagnosis d = diagnoser.diagnose(rawState, s.exitCode(), tail.err() + "\n" + tail.out());
        String titleKey = "watch.notice.end.title." + s.state();
        String title = Messages.has(titleKey) ? Messages.get(titleKey) : Messages.get("watch.notice.end.title.OTHER");
        StringBuilder text = new StringBuilder(Messages.get("watch.notice.end", title, j.profile, j.jobId,
                orDash(rawState), orDash(s.exitCode()), orDash(s.elapsed()), d.summary(), d.hint()));
        if (!d.evidence().isEmpty()) {
            text.append(Messages.get("watch.notice.evidence"));
            for (String e : d.evidence()) text.append("\n    ").append(cut(e));
        }
        if (tail.error() != null) {
            text.append(Messages.get("watch.notice.logtail.none", tail.error()));
        } else {
            appendTail(text, ".err", tail.err());
            appendTail(text, ".out", tail.out());
        }
        List<Reply.Choice> choices = List.of(
                new Reply.Choice(ChoiceIds.of(ChoiceIds.LOG, j.profile, j.jobId), Messages.get("watch.choice.log"), null),
                new Reply.Choice(ChoiceIds.of(ChoiceIds.RECOVER, j.profile, j.jobId),
                        Messages.get("watch.choice.recover"), "primary"));
        return new Reply(Reply.Tone.ERROR, text.toString(), choices, null, true).withCard(Card.jobNotice(j.jobId,
                j.profile, s.state(), d.summary(), Card.field("exit", s.exitCode()), Card.field("elapsed", s.elapsed()),
                Card.field("cause", d.summary())));
    }

    private static String cancellerUid(String rawState) {
        if (rawState == null) return null;
        var m = java.util.regex.Pattern.compile("by (\\d+)").matcher(rawState);
        return m.find() ? m.group(1) : null;
    }

    private void appendTail(StringBuilder text, String name, String body) {
        List<String> lines = body.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) return;
        text.append(Messages.get("watch.notice.logtail", name));
        int from = Math.max(0, lines.size() - opts.logLines());
        for (String l : lines.subList(from, lines.size())) text.append("\n    ").append(cut(l));
    }

    private static String cut(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    // ---- collect ----------------------------------------------------------------------------------------

    private void runCollect(String jobId) {
        TrackedJob j;
        synchronized (lock) {
            j = jobs.get(jobId);
            if (j == null || j.collect != TrackedJob.Collect.PENDING) return;
        }
        CollectResult r;
        try {
            r = collector.collect(j.profile, j.jobId);
        } catch (Exception e) {
            log.warn("watch: collect of job {} threw: {}", jobId, e.toString());
            r = CollectResult.failed("internal", e.getMessage());
        }
        Origin origin = j.origin();
        Reply reply;
        if (r.ok()) {
            String logs = r.logs().isEmpty() ? Messages.get("watch.notice.collected.none") : String.join(", ", r.logs());
            String results = r.results().isEmpty() ? Messages.get("watch.notice.collected.none")
                    : String.join(" ", r.results());
            String clean = r.runDir() == null ? Messages.get("watch.notice.collected.none")
                    : Messages.get(r.removed() ? "watch.notice.collected.removed" : "watch.notice.collected.kept",
                    r.runDir() + "/");
            reply = new Reply(Reply.Tone.SUCCESS, Messages.get("watch.notice.collected", j.profile, results, logs, clean),
                    List.of(), null, true).withCard(new Card(Card.Kind.COLLECT, Messages.get("cards.title.collect"),
                    "COMPLETED", List.of(Card.field("profile", j.profile), Card.field("job", j.jobId),
                    Card.field("results", results), Card.field("logs", logs), Card.field("cleanup", clean)), null,
                    List.of(), r.runDir(), null, new Card.Job(j.jobId, j.profile, null)));
        } else {
            String why = (r.message() == null ? "" : r.message()) + (r.error() == null ? "" : " (" + r.error() + ")");
            reply = new Reply(Reply.Tone.ERROR, Messages.get("watch.notice.collect_failed", j.profile, j.jobId, why.strip()),
                    List.of(new Reply.Choice(ChoiceIds.of(ChoiceIds.RECOVER, j.profile, j.jobId),
                            Messages.get("watch.choice.recover"), null)), null, true);
        }
        if (origin != null) post(origin, reply);
        if (origin != null && r.ok()) afterCollect(origin, j.profile, j.jobId);
        synchronized (lock) {
            j.collect = r.ok() ? TrackedJob.Collect.DONE : TrackedJob.Collect.FAILED;
            j.notified.add("COLLECT");
            persist();
        }
    }

    /** Told after the watcher collected a `full` job (the result report: metrics, chart). */
    @FunctionalInterface
    public interface Collected {
        void collected(Origin origin, String profile, String jobId);
    }

    private volatile Collected collected = (o, p, id) -> { };

    public void onCollected(Collected listener) {
        this.collected = listener == null ? (o, p, id) -> { } : listener;
    }

    private void afterCollect(Origin origin, String profile, String jobId) {
        try {
            collected.collected(origin, profile, jobId);
        } catch (RuntimeException e) {
            log.warn("watch: result report of job {} failed: {}", jobId, e.toString());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private boolean post(Origin origin, Reply reply) {
        try {
            sink.notice(origin, reply);
            return true;
        } catch (RuntimeException e) {
            log.warn("watch: notice to {} failed, will retry: {}", origin.channelId(), e.toString());
            return false;
        }
    }

    private void mark(TrackedJob j, String what) {
        synchronized (lock) {
            j.notified.add(what);
            persist();
        }
    }

    /** Adds ids from {@code slurm/jobs/*.jobid} that nobody told us about (read-only; files are never changed). */
    private void readJobFiles() {
        Path dir = opts.projectDir() == null ? null : opts.projectDir().resolve("slurm/jobs");
        if (dir == null || !Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jobid")) {
            for (Path f : ds) {
                String id = Files.readString(f).strip();
                if (!id.matches("[0-9]{1,12}") || jobs.containsKey(id)) continue;
                TrackedJob j = new TrackedJob();
                j.jobId = id;
                String name = f.getFileName().toString();
                j.profile = name.substring(0, name.length() - ".jobid".length());
                j.runDir = runDirOf(j.profile);
                j.source = TrackedJob.Source.JOBFILE;
                j.submittedAt = Files.getLastModifiedTime(f).toMillis();
                j.lastChangeAt = j.submittedAt;
                jobs.put(id, j);
            }
        } catch (IOException e) {
            log.warn("watch: cannot read {}: {}", dir, e.toString());
        }
    }

    /** {@code slurm/jobs/PROFILE.rundir} as the toolkit wrote it at submit ({@code runs/PROFILE-…}), or null. */
    private String runDirOf(String profile) {
        if (opts.projectDir() == null || profile == null || !profile.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            return null;
        }
        Path f = opts.projectDir().resolve("slurm/jobs/" + profile + ".rundir");
        try {
            if (!Files.isRegularFile(f)) return null;
            String rel = Files.readString(f).strip();
            String base = opts.remoteDir() == null ? "" : opts.remoteDir() + "/";
            if (!base.isEmpty() && rel.startsWith(base)) rel = rel.substring(base.length());
            while (rel.endsWith("/")) rel = rel.substring(0, rel.length() - 1);
            return rel.matches("runs/[A-Za-z0-9][A-Za-z0-9_.-]*") ? rel : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Forgets jobs that ended long ago, so the store stays small. */
    private void prune() {
        long cutoff = clock.millis() - opts.keepEnded().toMillis();
        jobs.values().removeIf(j -> j.concluded() && j.endedAt > 0 && j.endedAt < cutoff
                && j.collect != TrackedJob.Collect.PENDING);
    }

    private void persist() {
        JobStore.Content c = new JobStore.Content();
        c.outageNotified = outageNotified;
        c.jobs = new ArrayList<>(jobs.values());
        try {
            store.save(c);
        } catch (IOException e) {
            log.error("watch: cannot write {}: {}", store.file(), e.toString());
        }
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
