package ptj.slurmrunner.slack.cards;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.config.StateFiles;

/**
 * One card per job: where each job's submit card is (channel + ts) and what it last showed, in
 * {@code <stateDir>/slack-job-cards.json}, so the card is still edited in place after a restart. Kept in slack/ (not
 * in the watcher's store) because a message ts is Slack's business; the watcher only says what changed. Written whole,
 * to a temp file moved over the old one; at most {@link #MAX} jobs, oldest forgotten first.
 */
public final class JobCards {
    private static final Logger log = LoggerFactory.getLogger(JobCards.class);
    public static final String FILE = "slack-job-cards.json";
    static final int MAX = 500;
    private static final ObjectMapper JSON = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Where a job's card is and what it shows; {@code requester} is named in its context line. */
    public record Entry(String jobId, String channel, String ts, String threadTs, String requester, Card card) {}

    /** The file's shape: a list, oldest first. */
    record Content(List<Entry> cards) {}

    private final Path file;
    private final LinkedHashMap<String, Entry> byJob = new LinkedHashMap<>();

    public JobCards(Path stateDir) {
        this.file = stateDir.resolve(FILE);
        load();
    }

    /** A job's submit card was just posted (or edited onto a question) at {@code ts}. */
    public synchronized void remember(String channel, String ts, String threadTs, String requester, Card card) {
        if (card == null || card.job() == null || ts == null) return;
        byJob.remove(card.job().jobId());
        byJob.put(card.job().jobId(), new Entry(card.job().jobId(), channel, ts, threadTs, requester, card));
        while (byJob.size() > MAX) byJob.remove(byJob.keySet().iterator().next());
        save();
    }

    public synchronized Optional<Entry> get(String jobId) {
        return Optional.ofNullable(byJob.get(jobId));
    }

    /**
     * A watcher notice about a job ({@link Card.Kind#JOB_STATE}): the job's card with the new state, its fields and
     * the buttons that still make sense, stored and returned; empty when the job has no card here (submitted from
     * the console, or before this feature) or the notice says nothing new.
     */
    public synchronized Optional<Entry> advance(Card notice) {
        if (notice == null || notice.job() == null || notice.state() == null) return Optional.empty();
        Entry e = byJob.get(notice.job().jobId());
        if (e == null) return Optional.empty();
        Card merged = merge(e.card(), notice);
        if (merged.equals(e.card())) return Optional.empty();
        Entry next = new Entry(e.jobId(), e.channel(), e.ts(), e.threadTs(), e.requester(), merged);
        byJob.put(e.jobId(), next);
        save();
        return Optional.of(next);
    }

    /** The submit card moved to the notice's state: 상태 rewritten, the notice's fields added or replaced. */
    static Card merge(Card card, Card notice) {
        String state = notice.state();
        String stateLabel = Card.field("state", "x").label();
        String reasonLabel = Card.field("reason", "x").label();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Card.Field f : card.fields()) fields.put(f.label(), f.value());
        fields.put(stateLabel, Card.stateWord(state)
            + (notice.job().detail() == null || notice.job().detail().isBlank() || !"PENDING".equals(state)
                ? "" : " (" + notice.job().detail() + ")"));
        if (!"PENDING".equals(state)) fields.remove(reasonLabel);
        for (Card.Field f : notice.fields()) {
            if (!"PENDING".equals(state) || !f.label().equals(reasonLabel)) fields.put(f.label(), f.value());
        }
        List<Card.Field> out = new ArrayList<>();
        fields.forEach((k, v) -> out.add(new Card.Field(k, v)));
        Map<String, String> rerun = Map.of();
        for (Card.Step s : card.steps()) if (s.verb() == Card.Verb.RERUN) rerun = s.overrides();
        Card.Job job = card.job();
        return card.withState(state).withFields(out)
            .withSteps(Card.stepsFor(state, job.profile(), job.jobId(), rerun))
            .withJob(new Card.Job(job.jobId(), job.profile(), notice.job().detail()));
    }

    private void load() {
        if (!Files.isRegularFile(file)) return;
        try {
            Content c = JSON.readValue(file.toFile(), Content.class);
            if (c.cards() != null) for (Entry e : c.cards()) if (e.jobId() != null) byJob.put(e.jobId(), e);
        } catch (IOException e) {
            log.error("cannot read {}: {} (job cards will be posted anew)", file, e.toString());
        }
    }

    private void save() {
        try {
            StateFiles.writeAtomically(file, JSON.writeValueAsBytes(new Content(new ArrayList<>(byJob.values()))));
        } catch (IOException e) {
            log.error("cannot write {}: {}", file, e.toString());
        }
    }
}
