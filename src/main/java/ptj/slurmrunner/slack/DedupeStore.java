package ptj.slurmrunner.slack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.config.StateFiles;

/**
 * Keys of deliveries already handled (event ids, message ts, clicks), kept in a small file so that a restart does not
 * forget them: Slack redelivers an event it did not see acked, and again after a reconnect. Each delivery's keys are
 * appended in one write before the ack (a torn last line after a crash is skipped on load); when the file holds twice
 * the live keys it is compacted by writing a temp file and moving it over atomically. At most {@code maxEntries}
 * keys, none older than {@code maxAge}. One line per key: {@code <epochMillis> <key>}. Appending keeps the ack path
 * at microseconds where rewriting 2000 lines per event cost over a millisecond, serialised.
 */
public final class DedupeStore {
    private static final Logger log = LoggerFactory.getLogger(DedupeStore.class);
    public static final int DEFAULT_MAX_ENTRIES = 2000;
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(2);

    private final Path file;
    private final Clock clock;
    private final int maxEntries;
    private final Duration maxAge;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private int linesInFile;

    public DedupeStore(Path file, Clock clock, int maxEntries, Duration maxAge) {
        this.file = file;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.maxAge = maxAge;
        load();
    }

    public static DedupeStore inStateDir(Path stateDir) {
        return new DedupeStore(stateDir.resolve("slack-seen.txt"), Clock.systemUTC(), DEFAULT_MAX_ENTRIES,
            DEFAULT_MAX_AGE);
    }

    /**
     * True the first time any of {@code keys} is offered (and remembers all of them); false when one was seen
     * before, so the delivery is a duplicate. Null keys are skipped.
     */
    public synchronized boolean firstTime(String... keys) {
        prune();
        for (String k : keys) {
            if (k != null && seen.containsKey(k)) return false;
        }
        long now = clock.millis();
        StringBuilder lines = new StringBuilder();
        for (String k : keys) {
            if (k != null) {
                seen.put(k, now);
                lines.append(now).append(' ').append(k.replace('\n', ' ')).append('\n');
                linesInFile++;
            }
        }
        if (lines.length() > 0) {
            if (linesInFile > 2 * Math.max(seen.size(), maxEntries / 2)) save();
            else append(lines.toString());
        }
        return true;
    }

    public synchronized int size() {
        return seen.size();
    }

    private void prune() {
        long oldest = clock.millis() - maxAge.toMillis();
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (e.getValue() < oldest || seen.size() > maxEntries) it.remove();
            else break; // insertion order is time order
        }
        while (seen.size() >= maxEntries) {
            seen.remove(seen.keySet().iterator().next());
        }
    }

    private void load() {
        if (!Files.isRegularFile(file)) return;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            linesInFile = lines.size();
            for (String line : lines) {
                int sp = line.indexOf(' ');
                if (sp <= 0) continue;
                try {
                    seen.put(line.substring(sp + 1), Long.parseLong(line.substring(0, sp)));
                } catch (NumberFormatException torn) {
                    // skip a damaged line, keep the rest
                }
            }
            prune();
        } catch (IOException e) {
            log.error("cannot read {}: {} (starting with an empty duplicate filter)", file, e.toString());
        }
    }

    private void append(String lines) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.error("cannot append to {}: {}", file, e.toString());
        }
    }

    private void save() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : seen.entrySet()) {
            sb.append(e.getValue()).append(' ').append(e.getKey().replace('\n', ' ')).append('\n');
        }
        try {
            StateFiles.writeAtomically(file, sb.toString().getBytes(StandardCharsets.UTF_8));
            linesInFile = seen.size();
        } catch (IOException e) {
            log.error("cannot write {}: {}", file, e.toString());
        }
    }
}
