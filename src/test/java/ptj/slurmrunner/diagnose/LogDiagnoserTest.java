package ptj.slurmrunner.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LogDiagnoserTest {
    private final LogDiagnoser diagnoser = new LogDiagnoser();

    /** fixture, SLURM state, exit code, expected cause, strings the evidence or summary must contain. */
    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("python_valueerror", "FAILED", "1:0", "python_exception",
                        List.of("ValueError: Index contains duplicate entries, cannot reshape",
                                "/workspace/lib/common.py:42 (build_weights)")),
                Arguments.of("module_not_found", "FAILED", "1:0", "module_not_found",
                        List.of("No module named 'lightgbm'", "study_exit_params.py:5", "requirements-slurm.txt",
                                "make slurm-image-refresh", "lightgbm")),
                Arguments.of("oom_overmemorykill", "FAILED", "0:9", "out_of_memory",
                        List.of("exceeded memory limit", "Exceeded job memory limit")),
                Arguments.of("oom_cgroup", "OUT_OF_MEMORY", "0:125", "out_of_memory", List.of("oom-kill")),
                Arguments.of("memory_error", "FAILED", "1:0", "out_of_memory", List.of("MemoryError")),
                Arguments.of("timeout", "TIMEOUT", "0:0", "timeout", List.of("DUE TO TIME LIMIT", "TIME")),
                Arguments.of("timeout", "CANCELLED", "0:15", "timeout", List.of("DUE TO TIME LIMIT")),
                Arguments.of("node_fail", "NODE_FAIL", "0:0", "node_fail", List.of("NODE FAILURE")),
                Arguments.of("preempted", "PREEMPTED", "0:0", "preempted", List.of("PREEMPTION")),
                Arguments.of("cancelled", "CANCELLED by taehyun(1001)", "0:15", "cancelled",
                        List.of("taehyun(1001)", "CANCELLED AT 2026-02-24T16:30:01")),
                Arguments.of("container_import", "FAILED", "1:0", "container_import",
                        List.of("pyxis: failed to import docker image", "make slurm-image-refresh")),
                Arguments.of("container_start", "FAILED", "1:0", "container_start",
                        List.of("couldn't start container")),
                Arguments.of("container_mount", "FAILED", "1:0", "container_mount",
                        List.of("source path does not exist")),
                // Pyxis 0.24.0 + enroot 4.1.2, as printed on a real cluster
                Arguments.of("pyxis024_image_missing", "FAILED", "1:0", "container_image_missing",
                        List.of("/mnt/giga/project/ptj_stock_lab/slurm/images/nope.sqsh", "[ERROR] No such file or directory",
                                "이미지 다시 만들기", "make slurm-image-refresh")),
                Arguments.of("pyxis024_image_corrupt", "FAILED", "1:0", "container_image_corrupt",
                        List.of("x.sqsh", "[ERROR] Invalid image format", "이미지 다시 만들기")),
                Arguments.of("pyxis024_no_interpreter", "FAILED", "2:0", "container_no_interpreter",
                        List.of("python3.10", "execve(): python3.10: No such file or directory", "이미지의 Python")),
                Arguments.of("pyxis024_mount", "FAILED", "1:0", "container_mount",
                        List.of("/mnt/giga/project/ptj_stock_lab/runs/backtest_v5-20261130-101500", "run dir",
                                "container was not started successfully by another task")),
                Arguments.of("pyxis024_import_dns", "FAILED", "1:0", "container_import",
                        List.of("pyxis: failed to import docker image", "curl: (6) Could not resolve host",
                                "절대 경로", "make slurm-image-refresh")),
                Arguments.of("pyxis024_spank_only", "FAILED", "1:0", "container_start",
                        List.of("spank_pyxis.so: task_init() failed")),
                Arguments.of("container_no_space", "FAILED", "1:0", "container_no_space",
                        List.of("No space left on device")),
                Arguments.of("container_readonly", "FAILED", "1:0", "container_readonly",
                        List.of("Read-only file system", "CONTAINER_MODE=writable", "/workspace")),
                Arguments.of("container_registry_401", "FAILED", "1:0", "container_registry_auth",
                        List.of("401 Unauthorized", "절대 경로")),
                Arguments.of("invalid_partition", "", "", "invalid_partition", List.of("shared", "PARTITION=all")),
                Arguments.of("invalid_account", "", "", "invalid_account",
                        List.of("Invalid account", "ACCOUNT=default")),
                Arguments.of("unknown", "FAILED", "139:0", "unknown",
                        List.of("Segmentation fault", "FAILED 139:0")),
                Arguments.of("completed_with_warning", "COMPLETED", "0:0", "completed", List.of()));
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @MethodSource("table")
    void should_diagnose_each_log_fixture(String fixture, String state, String exit, String cause,
                                          List<String> mustContain) throws IOException {
        Diagnosis d = diagnoser.diagnose(state, exit, fixture(fixture));
        assertEquals(cause, d.cause(), () -> "diagnosis " + d);
        String all = d.summary() + "\n" + d.hint() + "\n" + String.join("\n", d.evidence());
        for (String s : mustContain) assertTrue(all.contains(s), () -> "missing '" + s + "' in\n" + all);
        assertFalse(d.summary().isBlank());
        assertEquals(d.evidence().size(), new java.util.HashSet<>(d.evidence()).size(), "no repeated evidence");
        assertFalse(d.summary().contains("{0}"), d.summary());
        assertFalse(d.hint().contains("{0}"), d.hint());
    }

    @Test
    void should_not_mention_a_fixed_image_name_in_container_hints() {
        for (String f : List.of("pyxis024_image_missing", "pyxis024_import_dns", "container_import")) {
            Diagnosis d = diagnoser.diagnose("FAILED", "1:0", fixtureUnchecked(f));
            assertFalse(d.hint().contains("ptj_stock_lab.sqsh"), d.hint());
        }
    }

    private static String fixtureUnchecked(String name) {
        try {
            return fixture(name);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void should_point_at_user_code_not_site_packages() throws IOException {
        Diagnosis d = diagnoser.diagnose("FAILED", "1:0", fixture("python_valueerror"));
        assertEquals(List.of("ValueError: Index contains duplicate entries, cannot reshape",
                "/workspace/lib/common.py:42 (build_weights)"), d.evidence());
    }

    @Test
    void should_read_cancelled_state_from_sacct_even_without_log() {
        Diagnosis d = diagnoser.diagnose("CANCELLED by 0", "0:0", "");
        assertEquals("cancelled", d.cause());
        assertTrue(d.summary().contains("0"), d.summary());
    }

    @Test
    void should_read_oom_state_even_without_log() {
        assertEquals("out_of_memory", diagnoser.diagnose("OUT_OF_MEMORY", "0:125", null).cause());
    }

    @Test
    void should_fall_back_to_unknown_with_the_tail_of_the_log() {
        StringBuilder log = new StringBuilder();
        for (int i = 1; i <= 30; i++) log.append("line ").append(i).append('\n');
        Diagnosis d = diagnoser.diagnose("FAILED", "2:0", log.toString());
        assertEquals("unknown", d.cause());
        assertEquals(LogDiagnoser.TAIL_LINES, d.evidence().size());
        assertEquals("line 30", d.evidence().get(d.evidence().size() - 1));
    }

    @Test
    void should_not_call_a_script_printing_unauthorized_a_registry_error() {
        Diagnosis d = diagnoser.diagnose("FAILED", "1:0", "user unauthorized to trade symbol 005930\n");
        assertEquals("unknown", d.cause());
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = LogDiagnoserTest.class.getResourceAsStream("/logs/" + name + ".txt")) {
            if (in == null) throw new IOException("no fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
