package ptj.slurmrunner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCatalogTest {
    @TempDir
    Path project;

    @Test
    void should_read_profiles_as_key_value_lines_and_skip_unknown_keys() throws IOException {
        Path dir = Files.createDirectories(project.resolve("slurm/profiles"));
        Files.writeString(dir.resolve("backtest_v5.conf"), """
            # comment
            DESCRIPTION="v5 백테스트 (2020–2025)"
            SCRIPT=simulation/backtests/backtest_v5.py
            SCRIPT_ARGS=--start 2020-01-01 --seed 7
            CPUS=20
            MEM=40G
            TIME=02:00:00
            CONTAINER=yes
            CODE_FILES=simulation/  lib/common.py
            RESULTS_PULL=data/results/backtests/
            FUTURE_KEY=whatever
            this line is not a key value pair
            """);
        Profile p = new ProfileCatalog(project).find("backtest_v5").orElseThrow();
        assertEquals("v5 백테스트 (2020–2025)", p.description());
        assertEquals("simulation/backtests/backtest_v5.py", p.script());
        assertEquals("backtest_v5.py", p.scriptFileName());
        assertEquals("--start 2020-01-01 --seed 7", p.scriptArgs());
        assertEquals(20, p.cpus());
        assertEquals("40G", p.mem());
        assertEquals("02:00:00", p.time());
        assertNull(p.partition());
        assertNull(p.account());
        assertEquals("default", p.template());
        assertTrue(p.container());
        assertEquals(List.of("simulation/", "lib/common.py"), p.codeFiles());
        assertEquals(List.of("data/results/backtests/"), p.resultsPull());
    }

    @Test
    void should_never_execute_a_profile_and_keep_shell_text_as_plain_value() throws IOException {
        Path dir = Files.createDirectories(project.resolve("slurm/profiles"));
        Path marker = project.resolve("pwned");
        Files.writeString(dir.resolve("evil.conf"), "SCRIPT=$(touch " + marker + ")\nCPUS=abc\n");
        Profile p = new ProfileCatalog(project).find("evil").orElseThrow();
        assertEquals("$(touch " + marker + ")", p.script());
        assertNull(p.cpus(), "a malformed number is absent, not a crash");
        assertFalse(Files.exists(marker));
    }

    @Test
    void should_list_sorted_names_and_ignore_files_with_invalid_names() throws IOException {
        Path dir = Files.createDirectories(project.resolve("slurm/profiles"));
        Files.writeString(dir.resolve("optimizer_v5.conf"), "SCRIPT=a.py\n");
        Files.writeString(dir.resolve("backtest_v5.conf"), "SCRIPT=b.py\n");
        Files.writeString(dir.resolve("bad name.conf"), "SCRIPT=c.py\n");
        Files.writeString(dir.resolve("notes.txt"), "x\n");
        assertEquals(List.of("backtest_v5", "optimizer_v5"), new ProfileCatalog(project).names());
        assertTrue(new ProfileCatalog(project).find("../etc/passwd").isEmpty());
    }

    @Test
    void should_be_empty_without_a_profiles_folder() {
        assertEquals(List.of(), new ProfileCatalog(project).list());
    }
}
