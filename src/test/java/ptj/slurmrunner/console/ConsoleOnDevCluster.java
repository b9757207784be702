package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import ptj.slurmrunner.cli.ConsoleCommand;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;
import ptj.slurmrunner.testing.DevProject;

/**
 * The console ITs' set-up on the shared dev cluster: each test has its own temp PROJECT_DIR (a copy of this
 * checkout's profiles and code, with {@code config/cluster.dev.conf} pointing at its own REMOTE_DIR under the dev
 * root, which this machine sees as a local directory), and afterwards cancels only the jobs it submitted and removes
 * both directories.
 */
abstract class ConsoleOnDevCluster {
    static final Path REPO = DevProject.REPO;
    private static Path devConf;

    /** Names the temp project and the REMOTE_DIR's parent ({@code <dev root>/../<name>/<uuid>}). */
    private final String name;
    Path project;
    Path remote;
    /** Jobs this test submitted beyond the ones in {@code slurm/jobs/*.jobid} (those are cancelled anyway). */
    final Set<String> ourJobs = new LinkedHashSet<>();

    ConsoleOnDevCluster(String name) {
        this.name = name;
    }

    @BeforeAll
    static void cluster() throws Exception {
        devConf = DevProject.devConf();
    }

    @BeforeEach
    void project() throws IOException {
        project = DevProject.newProject(name + "-");
        Files.createDirectories(project.resolve("config"));
        List<String> lines = Files.readAllLines(devConf);
        String devRemote = lines.stream().filter(l -> l.startsWith("REMOTE_DIR="))
            .map(l -> l.substring("REMOTE_DIR=".length())).findFirst().orElseThrow();
        remote = Path.of(devRemote).getParent().resolve(name + "/" + UUID.randomUUID());
        for (String d : List.of("data", "runs", "slurm/logs")) Files.createDirectories(remote.resolve(d));
        List<String> conf = new ArrayList<>();
        for (String l : lines) conf.add(l.startsWith("REMOTE_DIR=") ? "REMOTE_DIR=" + remote : l);
        Files.write(project.resolve("config/cluster.dev.conf"), conf);
    }

    @AfterEach
    void cleanUp() throws Exception {
        ourJobs.addAll(DevProject.recordedJobIds(project));
        for (String id : ourJobs) {
            if (id.matches("[0-9]+")) new ProcessBuilder("scancel", id).start().waitFor(30, TimeUnit.SECONDS);
        }
        DevProject.deleteTree(remote);
        DevProject.deleteTree(project);
    }

    /** The project's conf, as CLUSTER_CONF. */
    Path clusterConf() {
        return project.resolve("config/cluster.dev.conf");
    }

    /** The environment of a console that waits for the watcher's notices (up to 240 s, polling every 1-3 s). */
    Map<String, String> watchingConsoleEnv() {
        return Map.of("CLUSTER_CONF", clusterConf().toString(), "SLURM_RUNNER_CONSOLE_WAIT", "240",
            "WATCH_MIN_INTERVAL", "1", "WATCH_MAX_INTERVAL", "3");
    }

    /**
     * One run of the console command as users start it ({@code input} is what they type, one line each) with this
     * project's make toolkit; prints the transcript and asserts exit code 0.
     */
    String console(Map<String, String> env, String input) throws Exception {
        MakeRunner runner = new MakeRunner(project, REPO.resolve("Makefile"), List.of("make"),
            Map.of("CLUSTER_CONF", env.get("CLUSTER_CONF")), Timeouts.DEFAULT, Duration.ofSeconds(3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        int rc = ConsoleCommand.run(env, runner, new BufferedReader(new StringReader(input)),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), new PrintStream(errBytes, true, StandardCharsets.UTF_8),
            false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        System.out.println("stderr: " + errBytes.toString(StandardCharsets.UTF_8));
        assertEquals(0, rc, out + errBytes.toString(StandardCharsets.UTF_8));
        return out;
    }
}
