package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupeStoreTest {
    @TempDir Path dir;

    @Test
    void should_remember_keys_across_a_restart() throws java.io.IOException {
        DedupeStore a = DedupeStore.inStateDir(dir);
        assertTrue(a.firstTime("event:Ev1"));
        assertFalse(a.firstTime("event:Ev1"));
        DedupeStore b = DedupeStore.inStateDir(dir);
        assertFalse(b.firstTime("event:Ev1"));
        assertTrue(b.firstTime("event:Ev2"));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "a temp file was left");
        }
    }

    @Test
    void should_treat_a_delivery_as_duplicate_when_any_of_its_keys_was_seen() {
        DedupeStore s = DedupeStore.inStateDir(dir);
        assertTrue(s.firstTime("event:Ev1", "msg:D1:1.1"));
        assertFalse(s.firstTime("event:Ev9", "msg:D1:1.1"));
    }

    @Test
    void should_stay_bounded_in_size_and_age() {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock clock = new Clock() {
            public ZoneOffset getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return now[0]; }
        };
        DedupeStore s = new DedupeStore(dir.resolve("seen"), clock, 10, Duration.ofHours(1));
        for (int i = 0; i < 25; i++) s.firstTime("k" + i);
        assertEquals(10, s.size());
        now[0] = now[0].plus(Duration.ofHours(2));
        assertTrue(s.firstTime("k24")); // forgotten after maxAge
        assertEquals(1, s.size());
    }

    @Test
    void should_keep_the_file_compact_and_survive_a_torn_last_line() throws Exception {
        Path f = dir.resolve("seen");
        DedupeStore s = new DedupeStore(f, Clock.systemUTC(), 10, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) s.firstTime("k" + i);
        assertTrue(Files.readAllLines(f).size() <= 21, "compacted: " + Files.readAllLines(f).size());
        Files.writeString(f, "17000000", java.nio.file.StandardOpenOption.APPEND); // crash mid-line
        DedupeStore again = new DedupeStore(f, Clock.systemUTC(), 10, Duration.ofHours(1));
        assertFalse(again.firstTime("k99"));
        assertTrue(again.firstTime("k0")); // bounded: the oldest were dropped
    }
}
