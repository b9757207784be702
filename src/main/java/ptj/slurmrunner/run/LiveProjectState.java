package ptj.slurmrunner.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import ptj.slurmrunner.policy.CleanList;
import ptj.slurmrunner.policy.ProfileCard;
import ptj.slurmrunner.policy.ProjectState;
import ptj.slurmrunner.sweep.SweepFiles;

/**
 * The project's state as the policy sees it, read fresh for one decision: profile names and the .jobid/.rundir files
 * straight from disk (seed: "상태 파일 기반 판단"), the rest from the toolkit's own read-only targets
 * ({@code slurm-show}, {@code slurm-status}, {@code slurm-clean} without CONFIRM), each asked at most once.
 */
public final class LiveProjectState implements ProjectState {
    private final Path projectDir;
    private final Runner runner;
    private JsonNode status;

    public LiveProjectState(Path projectDir, Runner runner) {
        this.projectDir = projectDir;
        this.runner = runner;
    }

    @Override
    public List<String> profiles() {
        return profileNames(projectDir);
    }

    public static List<String> profileNames(Path projectDir) {
        Path dir = projectDir.resolve("slurm/profiles");
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                .map(n -> n.substring(0, n.length() - ".conf".length()))
                .filter(n -> MakeVariables.valid("PROFILE", n)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Optional<ProfileCard> profile(String name) throws Unavailable {
        MakeResult r = runner.run("slurm-show", java.util.Map.of("PROFILE", name), line -> { });
        if (!r.ok()) {
            if ("profile_not_found".equals(r.error())) return Optional.empty();
            String code = r.error() == null ? "internal" : r.error();
            throw new Unavailable(code, r.text("message", code));
        }
        return Optional.of(card(r.json()));
    }

    /** The "[Profile 확인]" card from a {@code slurm-show} answer. */
    public static ProfileCard card(JsonNode j) {
        List<String> results = new ArrayList<>();
        j.path("results").forEach(n -> results.add(n.asText()));
        return new ProfileCard(j.path("profile").asText(null), textOrNull(j, "description"), textOrNull(j, "script"),
            textOrNull(j, "args"), textOrNull(j, "cpus"), textOrNull(j, "mem"), textOrNull(j, "time"),
            textOrNull(j, "partition"), textOrNull(j, "account"), textOrNull(j, "container"),
            j.has("codeFileCount") ? j.path("codeFileCount").asInt() : j.path("codeFiles").size(), results);
    }

    private static String textOrNull(JsonNode j, String key) {
        JsonNode n = j.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    @Override
    public Optional<String> trackedJobId(String profile) {
        return readTrim(projectDir.resolve("slurm/jobs/" + profile + ".jobid"));
    }

    @Override
    public Optional<String> lastJobId(String profile) {
        return readTrim(projectDir.resolve("slurm/jobs/" + profile + ".lastjob"));
    }

    @Override
    public Optional<String> trackedRunDir(String profile) {
        return readTrim(projectDir.resolve("slurm/jobs/" + profile + ".rundir"));
    }

    private static Optional<String> readTrim(Path p) {
        try {
            if (!Files.isRegularFile(p)) return Optional.empty();
            String s = Files.readString(p, StandardCharsets.UTF_8).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String jobState(String jobId) throws Unavailable {
        if (status == null) {
            MakeResult r = runner.run("slurm-status", java.util.Map.of(), line -> { });
            if (!r.ok()) throw new Unavailable(r.error(), r.text("message", r.error()));
            status = r.json();
        }
        for (String list : List.of("tracked", "jobs")) {
            for (JsonNode j : status.path(list)) {
                if (jobId.equals(j.path("jobId").asText()) && !j.path("state").asText("").isEmpty()) {
                    return j.path("state").asText();
                }
            }
        }
        return "UNKNOWN";
    }

    @Override
    public Optional<Integer> sweepTaskCount(String arrayId) {
        return Optional.ofNullable(SweepFiles.taskCounts(projectDir.resolve("slurm/jobs")).get(arrayId));
    }

    @Override
    public CleanList cleanTargets() throws Unavailable {
        MakeResult r = runner.run("slurm-clean", java.util.Map.of(), line -> { });
        if (!r.ok() && !"confirm_required".equals(r.error())) {
            throw new Unavailable(r.error(), r.text("message", r.error()));
        }
        return cleanList(r.json());
    }

    public static CleanList cleanList(JsonNode j) {
        List<String> remote = new ArrayList<>();
        List<String> local = new ArrayList<>();
        List<String> spared = new ArrayList<>();
        j.path("remote").forEach(n -> remote.add(n.asText()));
        j.path("local").forEach(n -> local.add(n.asText()));
        j.path("spared").forEach(n -> spared.add(n.isObject()
            ? n.path("runDir").asText() + " (Job " + n.path("jobId").asText() + ", " + n.path("state").asText() + ")"
            : n.asText()));
        return new CleanList(remote, local, spared);
    }

    @Override
    public String defaultPartition() {
        return clusterSetting("PARTITION", "all");
    }

    @Override
    public String defaultAccount() {
        return clusterSetting("ACCOUNT", "default");
    }

    @Override
    public int sweepMax() {
        String v = clusterSetting("SWEEP_MAX", "100");
        return v.matches("[1-9][0-9]{0,3}") ? Integer.parseInt(v) : 100;
    }

    @Override
    public String sweepMaxParallel() {
        return clusterSetting("MAX_PARALLEL", "10");
    }

    /** Reads KEY=value from the cluster conf the Makefile would pick (CLUSTER_CONF, else dev, else the team's). */
    private String clusterSetting(String key, String fallback) {
        String env = System.getenv("CLUSTER_CONF");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        candidates.add(projectDir.resolve("config/cluster.dev.conf"));
        candidates.add(projectDir.resolve("config/cluster.conf"));
        for (Path c : candidates) {
            if (!Files.isRegularFile(c)) continue;
            try {
                for (String line : Files.readAllLines(c, StandardCharsets.UTF_8)) {
                    String t = line.trim();
                    if (t.startsWith(key + "=")) {
                        String v = t.substring(key.length() + 1).trim();
                        return v.isEmpty() ? fallback : v;
                    }
                }
            } catch (IOException e) {
                continue;
            }
            return fallback;
        }
        return fallback;
    }
}
