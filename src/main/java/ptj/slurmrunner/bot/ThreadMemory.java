package ptj.slurmrunner.bot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.config.StateFiles;

/**
 * What the bot itself reported in each thread (issue 13, "방금 거"): the jobs it submitted or showed, with profile
 * and overrides. Keyed by channel, thread and person, so nothing is ever resolved across threads, channels or users.
 * The console session is one thread. Persisted as one JSON file in the state dir (written whole, atomically);
 * each thread keeps its last {@link #PER_THREAD} records and the file its last {@link #THREADS} threads.
 */
public final class ThreadMemory {
    private static final Logger log = LoggerFactory.getLogger(ThreadMemory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PER_THREAD = 20;
    static final int THREADS = 500;

    /** One reported job. {@code at} is epoch seconds; {@code overrides} the run's explicit changes (CPUS, MEM, …). */
    public record Record(String action, String profile, String jobId, Map<String, String> overrides, long at) {
        public Record {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }
    }

    private final Path file;
    private final Map<String, List<Record>> threads;

    /** {@code file} may be null: memory only (tests). */
    public ThreadMemory(Path file) {
        this.file = file;
        this.threads = load(file);
    }

    public static String key(Origin o) {
        return o.channelId() + "/" + (o.threadTs() == null ? "-" : o.threadTs()) + "/" + o.userId();
    }

    public synchronized void record(Origin origin, String action, String profile, String jobId,
                                    Map<String, String> overrides, Instant at) {
        if (jobId == null && profile == null) return;
        String k = key(origin);
        List<Record> list = threads.remove(k); // re-inserted last: the map is in order of last use
        if (list == null) list = new ArrayList<>();
        if (jobId != null) list.removeIf(r -> jobId.equals(r.jobId()));
        list.add(new Record(action, profile, jobId, overrides, at.getEpochSecond()));
        while (list.size() > PER_THREAD) list.remove(0);
        threads.put(k, list);
        while (threads.size() > THREADS) threads.remove(threads.keySet().iterator().next());
        save();
    }

    /** This thread's records, oldest first; empty for any other thread, channel or person. */
    public synchronized List<Record> of(Origin origin) {
        return List.copyOf(threads.getOrDefault(key(origin), List.of()));
    }

    private void save() {
        if (file == null) return;
        try {
            StateFiles.writeAtomically(file, JSON.writeValueAsBytes(threads));
        } catch (IOException e) {
            log.warn("thread memory {} not saved: {}", file, e.toString());
        }
    }

    private static Map<String, List<Record>> load(Path file) {
        if (file == null || !Files.isRegularFile(file)) return new LinkedHashMap<>();
        try {
            Map<String, List<Record>> m = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, List<Record>>>() {});
            return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
        } catch (IOException e) {
            log.warn("thread memory {} unreadable, starting empty: {}", file, e.toString());
            return new LinkedHashMap<>();
        }
    }
}
