package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.cli.ConsoleCommand;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;

/**
 * The console command as wired for users (ConsoleCommand → ConsoleWatch → Watcher → sshj) against the dev cluster:
 * a job submitted in the session is followed and its notices are printed before the console exits. Own temp
 * PROJECT_DIR and REMOTE_DIR; cancels only its own job.
 */
class ConsoleWatchIT {
    private static final Path REPO = Path.of("").toAbsolutePath();
    private static String devRemote;
    private static Path devConf;

    private Path project;
    private Path remote;

    @BeforeAll
    static void cluster() throws Exception {
        Process up = new ProcessBuilder(REPO.resolve("scripts/dev-cluster.sh").toString(), "up")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(up.waitFor(10, TimeUnit.MINUTES) && up.exitValue() == 0, "scripts/dev-cluster.sh up failed");
        devConf = REPO.resolve("config/cluster.dev.conf");
        devRemote = Files.readAllLines(devConf).stream().filter(l -> l.startsWith("REMOTE_DIR="))
            .map(l -> l.substring("REMOTE_DIR=".length())).findFirst().orElseThrow();
    }

    @BeforeEach
    void project() throws IOException {
        project = Files.createTempDirectory("console-watch-it-");
        for (String d : List.of("slurm/profiles", "slurm/templates", "ptj_lab", "simulation", "experiments")) {
            copyTree(REPO.resolve(d), project.resolve(d));
        }
        for (String d : List.of("slurm/jobs", "slurm/logs", "config")) Files.createDirectories(project.resolve(d));
        remote = Path.of(devRemote).getParent().resolve("console-watch-it/" + UUID.randomUUID());
        for (String d : List.of("data", "runs", "slurm/logs")) Files.createDirectories(remote.resolve(d));
        List<String> conf = new ArrayList<>();
        for (String l : Files.readAllLines(devConf)) conf.add(l.startsWith("REMOTE_DIR=") ? "REMOTE_DIR=" + remote : l);
        Files.write(project.resolve("config/cluster.dev.conf"), conf);
    }

    @AfterEach
    void cleanUp() throws Exception {
        Path f = project.resolve("slurm/jobs/backtest_v5.jobid");
        if (Files.exists(f)) {
            String id = Files.readString(f).trim();
            if (id.matches("[0-9]+")) new ProcessBuilder("scancel", id).start().waitFor(30, TimeUnit.SECONDS);
        }
        deleteTree(remote);
        deleteTree(project);
    }

    @Test
    void should_print_the_watchers_completed_notice_before_the_console_exits() throws Exception {
        Map<String, String> env = Map.of("CLUSTER_CONF", project.resolve("config/cluster.dev.conf").toString(),
            "SLURM_RUNNER_CONSOLE_WAIT", "240", "WATCH_MIN_INTERVAL", "1", "WATCH_MAX_INTERVAL", "3");
        MakeRunner runner = new MakeRunner(project, REPO.resolve("Makefile"), List.of("make"),
            Map.of("CLUSTER_CONF", env.get("CLUSTER_CONF")), Timeouts.DEFAULT, Duration.ofSeconds(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int rc = ConsoleCommand.run(env, runner, new BufferedReader(new StringReader("backtest_v5 실행해줘\n예\n")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8),
            false);
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        System.out.println("stderr: " + errBytes.toString(StandardCharsets.UTF_8));
        System.out.println("console ran " + secs + " s");
        assertEquals(0, rc);
        String jobId = Files.readString(project.resolve("slurm/jobs/backtest_v5.jobid")).trim();
        int submitted = out.indexOf("[Job 제출 완료]");
        int completed = out.indexOf("🔔 [Job 완료] backtest_v5 (Job " + jobId + ")");
        assertTrue(submitted >= 0, out);
        assertTrue(completed > submitted, "the watcher's COMPLETED notice after the submit report: " + out);
        assertTrue(out.contains("효율") || out.contains("CPU"), "with its efficiency line: " + out);
        assertTrue(out.contains("(버튼 [결과 수집] = 입력: backtest_v5 결과 가져와)"), out);
        assertTrue(!out.contains("아직 끝나지 않았습니다"), "nothing left unfinished: " + out);
        String state = Files.readString(project.resolve("state/console/watch-jobs.json"));
        assertTrue(state.contains(jobId) && state.contains("END"), "persisted as notified: " + state);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) return;
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
