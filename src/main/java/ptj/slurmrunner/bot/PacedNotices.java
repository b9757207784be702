package ptj.slurmrunner.bot;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.config.StateFiles;
import ptj.slurmrunner.messages.Messages;

/**
 * Between the watcher's notices and the Slack sink: accepts at once, persists, then posts per channel at most one
 * message per {@code gap} (Slack allows about one a second per channel). Notices waiting for the same thread go out
 * as one message; when {@code combineAt} or more wait in one channel across threads (a team's jobs ending together),
 * they go out as ONE combined message in the channel, each line pointing to its job's thread.
 *
 * <p>The outbox file is written before {@link #notice} returns and after every post, so a notice the watcher handed
 * over (and marked as sent) survives a restart of the bot; a crash between a post and the outbox write can repeat
 * that one message, nothing else. A post that fails (the inner sink throws: network, 429 after retries, Slack 5xx)
 * is tried again with back-off, up to {@code maxAttempts}, then dropped with a log line.
 */
public final class PacedNotices implements NoticeSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PacedNotices.class);

    /** One waiting notice, as persisted. */
    public record Pending(long seq, Origin origin, Reply reply, long acceptedAt, int attempts) {}

    private final NoticeSink inner;
    private final Path outbox;
    private final Duration gap;
    private final int combineAt;
    private final int maxAttempts;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final List<Pending> waiting = new ArrayList<>();
    private final Map<String, Long> channelFreeAt = new HashMap<>();
    private long seq;
    /** A new instance may follow a bot that posted a moment ago: each channel's first post waits one gap. */
    private final long startedAt;
    private final ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "notice-pacer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    public PacedNotices(NoticeSink inner, Path outbox, Duration gap, int combineAt, int maxAttempts, Clock clock)
            throws IOException {
        this.inner = inner;
        this.outbox = outbox;
        this.gap = gap;
        this.combineAt = combineAt;
        this.maxAttempts = maxAttempts;
        this.clock = clock;
        this.startedAt = clock.millis();
        if (Files.exists(outbox)) {
            waiting.addAll(json.readValue(outbox.toFile(), new TypeReference<List<Pending>>() { }));
            for (Pending p : waiting) seq = Math.max(seq, p.seq());
            if (!waiting.isEmpty()) log.info("notices: {} waiting notice(s) restored from {}", waiting.size(), outbox);
        }
        poster.scheduleWithFixedDelay(this::drainSafely, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Production settings: 1.1 s per channel, combine from 4 waiting, 30 attempts. */
    public static PacedNotices inStateDir(NoticeSink inner, Path stateDir) throws IOException {
        return new PacedNotices(inner, stateDir.resolve("notice-outbox.json"), Duration.ofMillis(1100), 4, 30,
                Clock.systemUTC());
    }

    @Override
    public void notice(Origin origin, Reply reply) {
        if (origin == null) return;
        synchronized (waiting) {
            waiting.add(new Pending(++seq, origin, reply, clock.millis(), 0));
            // the watcher marks the notice as sent when this returns: it must be on disk first
            save();
        }
    }

    /** A sweep's counts edit its card in place: not a post, so not paced (the watcher sends at most one per 30 s). */
    @Override
    public void progress(Origin origin, Card card) {
        inner.progress(origin, card);
    }

    /**
     * A result card (and its chart upload) is the answer to a collect, not a state notice: it goes straight through,
     * never merged into a digest where its card and file would be lost.
     */
    @Override
    public void result(Origin origin, ptj.slurmrunner.results.ResultReport report) {
        inner.result(origin, report);
    }

    /** Notices not posted yet (for tests and the bench). */
    public int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void drainSafely() {
        try {
            drain();
        } catch (RuntimeException e) {
            log.error("notices: pacer round failed", e);
        }
    }

    /** One round: every channel that is free gets its next message. */
    void drain() {
        long now = clock.millis();
        List<List<Pending>> batches = new ArrayList<>();
        synchronized (waiting) {
            Set<String> channels = new LinkedHashSet<>();
            for (Pending p : waiting) channels.add(p.origin().channelId());
            for (String ch : channels) {
                if (channelFreeAt.getOrDefault(ch, startedAt + gap.toMillis()) > now) continue;
                List<Pending> inChannel = waiting.stream().filter(p -> p.origin().channelId().equals(ch)).toList();
                long threads = inChannel.stream().map(p -> String.valueOf(p.origin().threadTs())).distinct().count();
                if (inChannel.size() >= combineAt && threads > 1) {
                    batches.add(inChannel);
                } else {
                    String thread = String.valueOf(inChannel.get(0).origin().threadTs());
                    batches.add(inChannel.stream().filter(p -> String.valueOf(p.origin().threadTs()).equals(thread))
                            .toList());
                }
                channelFreeAt.put(ch, now + gap.toMillis());
            }
        }
        for (List<Pending> b : batches) {
            if (closed) return;
            post(b);
        }
    }

    private void post(List<Pending> batch) {
        Pending head = batch.get(0);
        boolean acrossThreads = batch.stream().map(p -> String.valueOf(p.origin().threadTs())).distinct().count() > 1;
        Origin where = acrossThreads ? new Origin(head.origin().userId(), head.origin().channelId(), null) : head.origin();
        Reply reply = acrossThreads ? digest(batch) : sameThread(batch);
        boolean ok;
        try {
            inner.notice(where, reply);
            ok = true;
        } catch (RuntimeException e) {
            ok = false;
            log.warn("notices: post to {} failed ({} notice(s)), will retry: {}", where.channelId(), batch.size(),
                    e.toString());
        }
        Set<Long> ids = new LinkedHashSet<>();
        for (Pending p : batch) ids.add(p.seq());
        synchronized (waiting) {
            if (ok) {
                // the gap counts from when the post was done, not from when this round began
                channelFreeAt.put(where.channelId(), clock.millis() + gap.toMillis());
                waiting.removeIf(p -> ids.contains(p.seq()));
            } else {
                int attempts = head.attempts() + 1;
                long backoff = Math.min(60_000L, gap.toMillis() << Math.min(attempts, 6));
                channelFreeAt.put(where.channelId(), clock.millis() + backoff);
                List<Pending> updated = new ArrayList<>();
                for (Pending p : waiting) {
                    if (!ids.contains(p.seq())) {
                        updated.add(p);
                    } else if (p.attempts() + 1 < maxAttempts) {
                        updated.add(new Pending(p.seq(), p.origin(), p.reply(), p.acceptedAt(), p.attempts() + 1));
                    } else {
                        log.warn("notices: giving up a notice to {} after {} attempts", where.channelId(), maxAttempts);
                    }
                }
                waiting.clear();
                waiting.addAll(updated);
            }
            save();
        }
    }

    /** Several notices for one thread: one message, texts in order, every button kept. */
    static Reply sameThread(List<Pending> batch) {
        if (batch.size() == 1) return batch.get(0).reply();
        StringBuilder text = new StringBuilder();
        List<Reply.Choice> choices = new ArrayList<>();
        Reply.Tone tone = Reply.Tone.INFO;
        Card card = null;
        for (Pending p : batch) {
            if (!text.isEmpty()) text.append("\n\n");
            text.append(p.reply().text());
            choices.addAll(p.reply().choices());
            tone = worse(tone, p.reply().tone());
            if (p.reply().card() != null) card = p.reply().card(); // the job card shows the latest state
        }
        Reply merged = new Reply(tone, text.toString(), choices, null, true);
        return card == null ? merged : merged.withCard(card);
    }

    /** Many notices across threads of one channel: one message, one line per notice with a link to its thread. */
    static Reply digest(List<Pending> batch) {
        StringBuilder text = new StringBuilder(Messages.get("events.combined.title", batch.size()));
        Reply.Tone tone = Reply.Tone.INFO;
        for (Pending p : batch) {
            String first = p.reply().text().lines().findFirst().orElse("").strip();
            String link = threadLink(p.origin());
            text.append('\n').append(link == null ? Messages.get("events.combined.line", first)
                    : Messages.get("events.combined.line.link", first, link));
            tone = worse(tone, p.reply().tone());
        }
        return new Reply(tone, text.toString(), List.of(), null, true);
    }

    private static String threadLink(Origin o) {
        if (o.threadTs() == null || o.threadTs().isBlank()) return null;
        return "https://slack.com/archives/" + o.channelId() + "/p" + o.threadTs().replace(".", "");
    }

    private static Reply.Tone worse(Reply.Tone a, Reply.Tone b) {
        List<Reply.Tone> order = List.of(Reply.Tone.INFO, Reply.Tone.PROGRESS, Reply.Tone.QUESTION, Reply.Tone.SUCCESS,
                Reply.Tone.WARNING, Reply.Tone.ERROR);
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    private void save() {
        try {
            StateFiles.writeAtomically(outbox, json.writeValueAsBytes(waiting));
        } catch (IOException e) {
            log.error("notices: cannot write {}: {}", outbox, e.toString());
        }
    }

    /** Stops posting; what still waits stays in the outbox for the next start. */
    @Override
    public void close() {
        closed = true;
        poster.shutdown();
        try {
            if (!poster.awaitTermination(5, TimeUnit.SECONDS)) poster.shutdownNow();
        } catch (InterruptedException e) {
            poster.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
