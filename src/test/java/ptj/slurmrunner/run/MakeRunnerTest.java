package ptj.slurmrunner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MakeRunner against a fake "make" script in a temp dir (not a cluster test): argv, environment, UTF-8, progress,
 * validation, timeout with descendants, per-profile locking.
 */
class MakeRunnerTest {
    @TempDir
    Path dir;
    private Path fakeMake;
    private Path argvFile;

    private static final String SCRIPT = """
        #!/bin/bash
        # fake make: records its argv, then behaves by target ($5, after -s --no-print-directory -C dir) and FAKE_MODE.
        printf '%s\\n' "$@" > "$FAKE_DIR/argv"
        touch "$FAKE_DIR/ran-$5"
        case "${FAKE_MODE:-ok}" in
          ok)
            echo "push: rsync 10 files"
            echo "진행: sbatch 제출 중" >&2
            printf '{"ok":true,"profile":"backtest_v5","jobId":"12345","message":"제출 완료","lang":"%s","projectDir":"%s"}\\n' "$LANG" "$PROJECT_DIR" ;;
          fail)
            echo '{"ok":false,"error":"invalid_partition","message":"sbatch: error: invalid partition specified: shared"}'
            exit 1 ;;
          nojson)
            echo "make: *** No rule to make target" >&2; exit 2 ;;
          hang)
            sleep 60 & echo $! > "$FAKE_DIR/child.pid"
            echo "waiting"; wait ;;
          slow)
            sleep 1.5; echo '{"ok":true}' ;;
        esac
        """;

    @BeforeEach
    void setUp() throws IOException {
        fakeMake = dir.resolve("fake-make");
        Files.writeString(fakeMake, SCRIPT, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(fakeMake, PosixFilePermissions.fromString("rwxr-xr-x"));
        argvFile = dir.resolve("argv");
    }

    private MakeRunner runner(String mode, Timeouts timeouts, Duration lockWait) {
        return new MakeRunner(dir, null, List.of(fakeMake.toString()), Map.of("FAKE_DIR", dir.toString(), "FAKE_MODE", mode),
            timeouts, lockWait);
    }

    private MakeRunner runner(String mode) {
        return runner(mode, Timeouts.DEFAULT, Duration.ofMillis(200));
    }

    private static Map<String, String> vars(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void should_run_make_as_an_argv_with_output_json_last() throws IOException {
        MakeResult r = runner("ok").run("slurm-run", vars("PROFILE", "backtest_v5", "FORCE", "1"), l -> { });
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of("-s", "--no-print-directory", "-C", dir.toString(), "slurm-run", "PROFILE=backtest_v5", "FORCE=1", "OUTPUT=json"),
            Files.readAllLines(argvFile));
        assertEquals("12345", r.text("jobId"));
    }

    @Test
    void should_keep_korean_intact_and_set_a_utf8_locale_for_the_child() {
        MakeResult r = runner("ok").run("slurm-status", Map.of(), l -> { });
        assertEquals("제출 완료", r.text("message"));
        assertEquals("C.UTF-8", r.text("lang"));
        // the child's PROJECT_DIR is the runner's, whatever an outer make exported
        assertEquals(dir.toString(), r.text("projectDir"));
        assertTrue(r.stderr().contains("진행: sbatch 제출 중"));
    }

    @Test
    void should_stream_stdout_and_stderr_lines_as_progress() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        runner("ok").run("slurm-run", vars("PROFILE", "backtest_v5"), lines::add);
        assertTrue(lines.contains("push: rsync 10 files"), lines.toString());
        assertTrue(lines.contains("진행: sbatch 제출 중"), lines.toString());
    }

    @Test
    void should_never_pass_a_value_make_would_expand() {
        for (Map<String, String> bad : List.of(vars("PROFILE", "$(shell touch /tmp/pwned)"),
                vars("PROFILE", "backtest_v5 FORCE=1"), vars("JOBID", "1;scancel -u root"), vars("MEM", "40GB"),
                vars("PARTITION", "all`id`"), vars("SHELL", "/bin/sh"), vars("OUTPUT", "json"))) {
            MakeResult r = runner("ok").run("slurm-run", bad, l -> { });
            assertEquals("invalid_variable", r.error(), bad.toString());
            assertFalse(Files.exists(dir.resolve("ran-slurm-run")), "make must not have run for " + bad);
        }
    }

    @Test
    void should_pass_one_sweep_task_as_one_argv_word_and_nothing_shaped_otherwise() throws IOException {
        MakeResult r = runner("ok").run("slurm-cancel", vars("JOBID", "812_3"), l -> { });
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of("-s", "--no-print-directory", "-C", dir.toString(), "slurm-cancel", "JOBID=812_3", "OUTPUT=json"),
            Files.readAllLines(argvFile));
        Files.delete(argvFile);
        for (String bad : List.of("812_", "812_3_4", "812_[1-3]", "812_3 812_4", "812_1234567", "812_3;id")) {
            assertEquals("invalid_variable", runner("ok").run("slurm-cancel", vars("JOBID", bad), l -> { }).error(), bad);
            assertFalse(Files.exists(argvFile), "make must not have run for " + bad);
        }
    }

    @Test
    void should_run_only_targets_of_the_action_vocabulary() {
        for (String t : List.of("install", "slurm-anything", "dev-down", "-f/etc/passwd", "slurm-run;id")) {
            assertEquals("not_allowed", runner("ok").run(t, Map.of(), l -> { }).error(), t);
        }
        assertFalse(Files.exists(argvFile));
    }

    @Test
    void should_report_the_toolkits_error_code() {
        MakeResult r = runner("fail").run("slurm-submit", vars("PROFILE", "backtest_v5", "PARTITION", "shared"), l -> { });
        assertFalse(r.ok());
        assertEquals("invalid_partition", r.error());
        assertEquals(1, r.exitCode());
    }

    @Test
    void should_say_internal_when_make_prints_no_json() {
        MakeResult r = runner("nojson").run("slurm-status", Map.of(), l -> { });
        assertEquals("internal", r.error());
        assertTrue(r.stderr().contains("No rule"));
    }

    @Test
    void should_kill_make_and_its_children_on_timeout() throws Exception {
        Timeouts quick = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        MakeResult r = runner("hang", quick, Duration.ofMillis(200)).run("slurm-watch", vars("PROFILE", "backtest_v5"), l -> { });
        assertTrue(r.timedOut());
        assertEquals("timeout", r.error());
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 10);
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        long deadline = System.currentTimeMillis() + 3000;
        while (running(child) && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertFalse(running(child), "the sleep child must be dead");
    }

    /** Alive and not a zombie (a killed orphan may wait a moment for its reaper). */
    private static boolean running(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) return false;
        try {
            String s = Files.readString(stat);
            return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    @Test
    void should_run_one_change_at_a_time_per_profile() throws Exception {
        MakeRunner r = runner("slow");
        CompletableFuture<MakeResult> first = CompletableFuture.supplyAsync(
            () -> r.run("slurm-run", vars("PROFILE", "backtest_v5"), l -> { }));
        Thread.sleep(300);
        MakeResult second = r.run("slurm-collect", vars("PROFILE", "backtest_v5"), l -> { });
        assertEquals("busy", second.error());
        assertTrue(second.text("message").contains("backtest_v5"));
        MakeResult other = r.run("slurm-run", vars("PROFILE", "optimizer_v5"), l -> { });
        assertTrue(other.ok(), "another profile is not blocked");
        assertTrue(first.get().ok());
        assertTrue(r.run("slurm-run", vars("PROFILE", "backtest_v5"), l -> { }).ok(), "lock released after the run");
    }

    @Test
    void should_not_block_reads_while_a_change_runs() throws Exception {
        MakeRunner r = runner("slow");
        CompletableFuture<MakeResult> run = CompletableFuture.supplyAsync(
            () -> r.run("slurm-run", vars("PROFILE", "backtest_v5"), l -> { }));
        Thread.sleep(300);
        assertTrue(r.run("slurm-log", vars("PROFILE", "backtest_v5"), l -> { }).ok());
        assertTrue(run.get().ok());
    }
}
