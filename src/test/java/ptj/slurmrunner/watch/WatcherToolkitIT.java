package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;
import ptj.slurmrunner.testing.DevProject;

/**
 * `full` end to end on the dev cluster: the real toolkit submits (make slurm-run), the watcher follows the job
 * over its own ssh connection, and collects through make slurm-collect when it COMPLETED. Temp PROJECT_DIR and
 * REMOTE_DIR; only our own job is touched.
 */
class WatcherToolkitIT {
    /** The toolkit under test: this checkout, or WATCH_IT_TOOLKIT=<another checkout> (e.g. a newer toolkit branch). */
    static final Path REPO = Path.of(System.getenv().getOrDefault("WATCH_IT_TOOLKIT", "")).toAbsolutePath();
    Path project;
    String remoteDir;
    MakeRunner runner;
    Watcher watcher;
    final List<String> ours = new ArrayList<>();

    @BeforeEach
    void project() throws IOException {
        project = Files.createTempDirectory("watch-tk-proj");
        for (String d : List.of("slurm/profiles", "slurm/templates", "ptj_lab", "simulation", "experiments")) {
            DevProject.copyTree(REPO.resolve(d), project.resolve(d));
        }
        Files.createDirectories(project.resolve("slurm/jobs"));
        Files.createDirectories(project.resolve("slurm/logs"));
        remoteDir = "/var/lib/slurm-runner-dev/mnt/giga/project/watch-tests/t-" + UUID.randomUUID().toString().substring(0, 8);
        Path conf = project.resolve("cluster.test.conf");
        Files.writeString(conf, String.join("\n", "SLURM_HOST=" + DevCluster.ALIAS, "REMOTE_DIR=" + remoteDir,
                "PARTITION=all", "ACCOUNT=default", "CONTAINER_IMAGE=" + remoteDir + "/slurm/images/ptj_stock_lab.sqsh",
                "CONTAINER_RUNTIME=none", "SSH_CONFIG=" + DevCluster.SSH_CONFIG, ""));
        runner = new MakeRunner(project, List.of("make", "-s", "--no-print-directory", "-f", REPO.resolve("Makefile").toString()),
                Map.of("CLUSTER_CONF", conf.toString()), Timeouts.DEFAULT, Duration.ofSeconds(3));
    }

    @AfterEach
    void cleanup() throws Exception {
        if (watcher != null) watcher.close();
        try (SshjExecutor ssh = new SshjExecutor(DevCluster.settings())) {
            if (!ours.isEmpty()) ssh.exec("scancel " + String.join(" ", ours) + " 2>/dev/null; true");
            if (remoteDir.contains("/watch-tests/t-")) ssh.exec("rm -rf -- '" + remoteDir + "'");
        }
    }

    @Test
    void should_run_full_asynchronously_and_collect_by_itself() throws Exception {
        RecordingSink sink = new RecordingSink();
        Path state = Files.createTempDirectory("watch-tk-state");
        Map<String, String> env = Map.of("CLUSTER_CONF", project.resolve("cluster.test.conf").toString(),
                "SLURM_RUNNER_STATE_DIR", state.toString(), "WATCH_MIN_INTERVAL", "1", "WATCH_MAX_INTERVAL", "2");
        watcher = WatchFactory.create(project, sink, new MakeCollector(runner), env);
        watcher.start();

        MakeResult run = runner.run("slurm-run", Map.of("PROFILE", "backtest_v5"), line -> { });
        assertTrue(run.ok(), run.stdout() + run.stderr());
        String jobId = run.text("jobId");
        ours.add(jobId);
        Origin thread = new Origin("U-TK", "C-TK", "1764130000.000200");
        watcher.submitted(thread, "backtest_v5", jobId, true);

        WatcherIT.waitFor("[결과 수집 완료]", Duration.ofMinutes(3), () -> sink.count("[결과 수집 완료]") == 1);
        Thread.sleep(3000);
        List<String> texts = sink.texts();
        assertEquals(1, sink.count("[Job 완료]"), texts.toString());
        assertEquals(1, sink.count("[결과 수집 완료]"), texts.toString());
        String done = texts.stream().filter(t -> t.startsWith("[Job 완료]")).findFirst().orElseThrow();
        assertTrue(done.contains("효율: CPU") && done.contains("20 CPU") && done.contains("요청 40G"), done);
        String collected = texts.stream().filter(t -> t.startsWith("[결과 수집 완료]")).findFirst().orElseThrow();
        assertTrue(collected.contains("data/results/backtests/"), collected);
        assertTrue(collected.contains("삭제 완료"), collected);
        try (Stream<Path> results = Files.walk(project.resolve("data/results/backtests"))) {
            assertTrue(results.anyMatch(Files::isRegularFile), "results pulled into the project");
        }
        // the .jobid written by the toolkit names the same job: followed once, not twice
        assertEquals(1, watcher.status().stream().filter(s -> s.jobId().equals(jobId)).count());
        assertEquals("https://slack.com/archives/C-TK/p1764130000000200",
                watcher.status().stream().filter(s -> s.jobId().equals(jobId)).findFirst().orElseThrow().threadLink());
    }
}
