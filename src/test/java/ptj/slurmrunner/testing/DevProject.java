package ptj.slurmrunner.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ptj.slurmrunner.ops.ClusterConf;

/**
 * What the ITs on the shared dev cluster set up the same way: the cluster itself ({@code scripts/dev-cluster.sh up},
 * idempotent, once per test JVM), a private temp PROJECT_DIR holding a copy of this checkout's profiles, templates and
 * code, and the clean-up of both. Where each test's REMOTE_DIR lives and how it is removed stays with the test.
 */
public final class DevProject {
    /** This checkout (the tests run from its root). */
    public static final Path REPO = Path.of("").toAbsolutePath();
    /** What a project needs from the checkout to run its profiles. */
    private static final List<String> PROJECT_DIRS = List.of("slurm/profiles", "slurm/templates", "ptj_lab",
        "simulation", "experiments");
    private static boolean clusterUp;

    private DevProject() {}

    /** {@code config/cluster.dev.conf} of this checkout, the cluster brought up first (once per JVM). */
    public static synchronized Path devConf() throws IOException, InterruptedException {
        if (!clusterUp) {
            Path log = Files.createTempFile("dev-cluster-up", ".log");
            try {
                Process up = new ProcessBuilder(REPO.resolve("scripts/dev-cluster.sh").toString(), "up")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                boolean ok = up.waitFor(10, TimeUnit.MINUTES) && up.exitValue() == 0;
                assertTrue(ok, "scripts/dev-cluster.sh up failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
            clusterUp = true;
        }
        return REPO.resolve("config/cluster.dev.conf");
    }

    /** The dev cluster's conf as keys and values (SLURM_HOST, SSH_CONFIG, REMOTE_DIR, …). */
    public static Map<String, String> devConfValues() throws IOException, InterruptedException {
        return ClusterConf.keyValues(devConf());
    }

    /** A new temp project ({@code prefix…}) with the checkout's profiles, templates and code, and empty slurm/jobs, slurm/logs. */
    public static Path newProject(String prefix) throws IOException {
        Path project = Files.createTempDirectory(prefix);
        for (String d : PROJECT_DIRS) copyTree(REPO.resolve(d), project.resolve(d));
        Files.createDirectories(project.resolve("slurm/jobs"));
        Files.createDirectories(project.resolve("slurm/logs"));
        return project;
    }

    /** The job ids the project's make toolkit recorded ({@code slurm/jobs/*.jobid}): the project's own jobs. */
    public static List<String> recordedJobIds(Path project) throws IOException {
        List<String> ids = new ArrayList<>();
        Path jobs = project.resolve("slurm/jobs");
        if (!Files.isDirectory(jobs)) return ids;
        try (Stream<Path> s = Files.list(jobs)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".jobid")).sorted().toList()) {
                String id = Files.readString(p).trim();
                if (id.matches("[0-9]+")) ids.add(id);
            }
        }
        return ids;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) return;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    /** Best effort: clean-up never fails a test (what is left is in a temp dir of the test's own). */
    public static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
