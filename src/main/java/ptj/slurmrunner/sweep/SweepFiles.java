package ptj.slurmrunner.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sweeps the toolkit tracks: every {@code slurm/jobs/PROFILE.sweep} holds the array id on its first line, then one
 * line per task (docs/sweeps.md). Read by the watcher (is this id a sweep?) and the policy (how many tasks a cancel
 * of the whole array stops).
 */
public final class SweepFiles {
    private SweepFiles() {}

    /** Array id → number of tasks, for every readable .sweep file under {@code jobsDir}; empty when there is none. */
    public static Map<String, Integer> taskCounts(Path jobsDir) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (jobsDir == null || !Files.isDirectory(jobsDir)) return out;
        try (Stream<Path> files = Files.list(jobsDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sweep")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                if (!lines.isEmpty() && lines.get(0).strip().matches("[0-9]{1,12}")) {
                    out.putIfAbsent(lines.get(0).strip(), lines.size() - 1);
                }
            }
        } catch (IOException e) {
            // unreadable now: the ids read as plain jobs until a later look can read them
        }
        return out;
    }
}
