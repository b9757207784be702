package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.cli.ConsoleCommand;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;
import ptj.slurmrunner.watch.ChoiceIds;

/** The console's watcher wiring without a cluster: notices are marked, and a missing or dead cluster is no crash. */
class ConsoleWatchTest {
    private static final Path REPO = Path.of("").toAbsolutePath();
    @TempDir
    Path project;

    private record Run(int rc, String out, String err, long millis) {}

    private Run console(Map<String, String> env, String input) {
        MakeRunner runner = new MakeRunner(project, REPO.resolve("Makefile"), List.of("make"), Map.of(),
            Timeouts.DEFAULT, Duration.ofSeconds(3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        int rc = ConsoleCommand.run(env, runner, new BufferedReader(new StringReader(input)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
            (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void should_print_a_notice_marked_with_the_typed_request_behind_each_button() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleWatch.notices(new PrintStream(bytes, true, StandardCharsets.UTF_8)).notice(Origin.console(),
            new Reply(Reply.Tone.ERROR, "[Job 실패] backtest_v5 (Job 7)\n  원인: x", List.of(
                new Reply.Choice(ChoiceIds.of(ChoiceIds.LOG, "backtest_v5", "7"), "로그", null),
                new Reply.Choice(ChoiceIds.of(ChoiceIds.RECOVER, "backtest_v5", "7"), "복구", "primary")), null, true));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("🔔 [Job 실패] backtest_v5 (Job 7)\n     원인: x\n"), out);
        assertTrue(out.contains("(버튼 [로그] = 입력: backtest_v5 로그 7)"), out);
        assertTrue(out.contains("(버튼 [복구] = 입력: backtest_v5 복구)"), out);
    }

    @Test
    void should_still_answer_with_a_warning_when_no_cluster_is_configured() {
        Run r = console(Map.of("CLUSTER_CONF", project.resolve("config/none.conf").toString()), "도움말\n");
        assertEquals(0, r.rc());
        assertTrue(r.err().contains("Job 알림(watcher)을 켜지 못했습니다"), r.err());
        assertTrue(r.out().contains("> 도움말"), r.out());
        assertFalse(r.out().contains("🔔"), r.out());
    }

    @Test
    void should_exit_promptly_when_the_cluster_is_unreachable() throws Exception {
        Files.writeString(project.resolve("ssh_config"), "Host dead-it\n  HostName 127.0.0.1\n  Port 1\n"
            + "  UserKnownHostsFile " + project.resolve("known_hosts") + "\n  ConnectTimeout 2\n");
        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/cluster.conf"), "SLURM_HOST=dead-it\nREMOTE_DIR=/nowhere\nSSH_CONFIG="
            + project.resolve("ssh_config") + "\n");
        Files.createDirectories(project.resolve("slurm/jobs"));
        Files.writeString(project.resolve("slurm/jobs/backtest_v5.jobid"), "4242\n"); // something to poll
        Run r = console(Map.of("CLUSTER_CONF", project.resolve("config/cluster.conf").toString(),
            "SLURM_RUNNER_CONSOLE_WAIT", "30"), "도움말\n");
        assertEquals(0, r.rc());
        assertTrue(r.out().contains("> 도움말"), r.out());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.millis() < 15_000, "no wait for jobs the session did not submit: " + r.millis() + " ms");
    }
}
