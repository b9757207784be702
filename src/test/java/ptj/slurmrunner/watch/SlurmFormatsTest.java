package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlurmFormatsTest {
    @Test
    void should_parse_slurm_durations() {
        assertEquals(1.234, SlurmFormats.seconds("00:01.234").orElseThrow(), 1e-9);
        assertEquals(3723, SlurmFormats.seconds("01:02:03").orElseThrow(), 1e-9);
        assertEquals(93784, SlurmFormats.seconds("1-02:03:04").orElseThrow(), 1e-9);
        assertEquals(65, SlurmFormats.seconds("1:05").orElseThrow(), 1e-9);
        assertTrue(SlurmFormats.seconds("INVALID").isEmpty());
    }

    @Test
    void should_parse_slurm_sizes_in_binary_units() {
        assertEquals(524288L * 1024, SlurmFormats.bytes("524288K", 'K', 1).orElseThrow());
        assertEquals(40L << 30, SlurmFormats.bytes("40G", 'M', 20).orElseThrow());
        assertEquals(1000L << 20, SlurmFormats.bytes("1000M", 'M', 1).orElseThrow());
        assertEquals(2000L << 20, SlurmFormats.bytes("1000Mc", 'M', 2).orElseThrow());
        assertEquals(4000L << 20, SlurmFormats.bytes("4000Mn", 'M', 2).orElseThrow());
        assertEquals(100L << 10, SlurmFormats.bytes("100", 'K', 1).orElseThrow());
        assertTrue(SlurmFormats.bytes("", 'K', 1).isEmpty());
        assertEquals("512M", SlurmFormats.human(512L << 20));
        assertEquals("1.5G", SlurmFormats.human(3L << 29));
    }

    @Test
    void should_compute_efficiency_like_seff() {
        Efficiency e = new Efficiency(600, 300, 4, 1L << 30, 8L << 30);
        assertEquals(50.0, e.cpuPercent(), 1e-9);
        assertEquals(12.5, e.memPercent(), 1e-9);
        assertTrue(e.lines().get(0).contains("CPU 50.0% (4 CPU × 00:05:00 중 00:10:00 사용)"), e.lines().get(0));
    }
}
