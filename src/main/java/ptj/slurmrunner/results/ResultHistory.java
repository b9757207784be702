package ptj.slurmrunner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.config.StateFiles;

/**
 * The summaries of the last {@link #KEEP} collected runs per profile, in the state dir
 * ({@code results/PROFILE.jsonl}, one run per line, oldest first): what "▲/▼ vs. the previous run" and
 * {@code compare} read. Collecting the same job again replaces its line. Written whole to a temp file and moved
 * into place, so a crash leaves the old history.
 */
public final class ResultHistory {
    static final int KEEP = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    /** One collected run: its job id, when it was collected (ISO instant) and its summary. */
    public record Run(String jobId, String collectedAt, ResultSummary summary) {}

    public ResultHistory(Path stateDir) {
        this.dir = stateDir.resolve("results");
    }

    public synchronized void record(String profile, Run run) {
        List<Run> runs = new ArrayList<>(all(profile));
        runs.removeIf(r -> r.jobId().equals(run.jobId()));
        runs.add(run);
        if (runs.size() > KEEP) runs = runs.subList(runs.size() - KEEP, runs.size());
        try {
            StringBuilder sb = new StringBuilder();
            for (Run r : runs) {
                ObjectNode n = JSON.createObjectNode();
                n.put("jobId", r.jobId());
                n.put("collectedAt", r.collectedAt());
                n.set("summary", JSON.valueToTree(r.summary().values()));
                sb.append(JSON.writeValueAsString(n)).append('\n');
            }
            StateFiles.writeAtomically(file(profile), sb.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result history of " + profile, e);
        }
    }

    /** Every kept run of the profile, oldest first; empty when none (or the profile name is not one). */
    public synchronized List<Run> all(String profile) {
        if (profile == null || !ProfileCatalog.NAME.matcher(profile).matches()) return List.of();
        Path f = file(profile);
        if (!Files.exists(f)) return List.of();
        List<Run> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    JsonNode n = JSON.readTree(line);
                    out.add(new Run(n.path("jobId").asText(), n.path("collectedAt").asText(),
                        ResultSummary.of(n.path("summary"))));
                } catch (IOException bad) {
                    // one torn line (a crash mid-write of an older version) does not hide the others
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** The last {@code n} runs, oldest first. */
    public List<Run> recent(String profile, int n) {
        List<Run> all = all(profile);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The run collected before {@code jobId} (or the latest, when {@code jobId} is not in the history). */
    public Optional<Run> previous(String profile, String jobId) {
        List<Run> all = all(profile);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).jobId().equals(jobId)) return i > 0 ? Optional.of(all.get(i - 1)) : Optional.empty();
        }
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private Path file(String profile) {
        return dir.resolve(profile + ".jsonl");
    }

}
