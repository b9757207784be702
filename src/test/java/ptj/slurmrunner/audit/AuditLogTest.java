package ptj.slurmrunner.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    @TempDir
    Path dir;

    private static AuditEntry entry(String text) {
        return new AuditEntry("2026-02-24T14:30:52Z", "message", "U1", "C1", text, "run", "backtest_v5", null,
            "confirm", null, "make slurm-run PROFILE=backtest_v5", Map.of("PROFILE", "backtest_v5"), null, null);
    }

    @Test
    void should_keep_an_entry_whose_text_has_a_lone_surrogate_or_a_pair_cut_by_truncation() {
        // found by the hostile-input suite: such text made the UTF-8 write fail and the entry vanished
        AuditLog log = new AuditLog(dir.resolve("state/audit.jsonl"));
        log.append(entry("slurm-clean \ud800 실행"));
        log.append(entry("x".repeat(AuditLog.MAX_TEXT - 1) + "\ud83d\ude80 tail"));
        assertEquals(2, log.all().size());
        assertEquals("slurm-clean \ufffd 실행", log.all().get(0).text());
        assertEquals("x".repeat(AuditLog.MAX_TEXT - 1) + "…", log.all().get(1).text());
    }

    @Test
    void should_append_one_json_line_per_entry_and_read_them_back() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("state/audit.jsonl"));
        log.append(entry("backtest_v5 실행해줘"));
        log.append(entry("상태 확인"));
        assertEquals(2, Files.readAllLines(log.file(), StandardCharsets.UTF_8).size());
        assertEquals("상태 확인", log.recent(1).get(0).text());
        assertEquals("backtest_v5", log.all().get(0).vars().get("PROFILE"));
    }

    @Test
    void should_mask_secrets_and_truncate_long_text() {
        AuditLog log = new AuditLog(dir.resolve("a.jsonl"));
        log.append(entry("토큰 xoxb-1234-5678-abcdef 그리고 password=hunter2 그리고 sk-abcdefghijklmnop"));
        log.append(entry("가".repeat(1000)));
        String first = log.all().get(0).text();
        assertFalse(first.contains("xoxb-1234"), first);
        assertFalse(first.contains("hunter2"), first);
        assertFalse(first.contains("sk-abcdefghijklmnop"), first);
        assertTrue(log.all().get(1).text().length() <= AuditLog.MAX_TEXT + 1);
    }

    @Test
    void should_skip_a_torn_line_and_keep_the_rest() throws Exception {
        AuditLog log = new AuditLog(dir.resolve("a.jsonl"));
        log.append(entry("하나"));
        Files.writeString(log.file(), "{\"time\":\"2026", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(log.file(), "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        log.append(entry("둘"));
        assertEquals(2, log.all().size());
    }
}
