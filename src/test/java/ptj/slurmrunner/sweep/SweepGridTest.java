package ptj.slurmrunner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepGridTest {

    @Test
    void should_read_a_range_and_keep_it_a_range_in_the_make_form() {
        SweepGrid g = SweepGrid.parse("seed=1..20").orElseThrow();
        assertEquals(20, g.taskCount());
        assertEquals("seed=1..20", g.toMake());
        assertEquals("seed 1..20", g.describe());
        assertEquals("--seed 1", g.taskArgs(0));
        assertEquals("--seed 20", g.taskArgs(19));
    }

    @Test
    void should_combine_lists_as_a_grid_with_the_first_argument_slowest() {
        SweepGrid g = SweepGrid.parse("stop-loss=0.03,0.05,0.08 take-profit=0.1,0.2").orElseThrow();
        assertEquals(6, g.taskCount());
        assertEquals("stop-loss 0.03, 0.05, 0.08 × take-profit 0.1, 0.2", g.describe());
        assertEquals(List.of("--stop-loss 0.03 --take-profit 0.1", "--stop-loss 0.03 --take-profit 0.2",
            "--stop-loss 0.05 --take-profit 0.1", "--stop-loss 0.05 --take-profit 0.2",
            "--stop-loss 0.08 --take-profit 0.1", "--stop-loss 0.08 --take-profit 0.2"),
            List.of(g.taskArgs(0), g.taskArgs(1), g.taskArgs(2), g.taskArgs(3), g.taskArgs(4), g.taskArgs(5)));
    }

    @Test
    void should_count_a_huge_range_without_expanding_it() {
        SweepGrid g = SweepGrid.parse("seed=1..999999 stop-loss=0.1,0.2").orElseThrow();
        assertTrue(g.taskCount() >= 1_000_000L, "saturates far above any cap: " + g.taskCount());
    }

    @Test
    void should_refuse_every_malformed_or_unsafe_word() {
        for (String bad : List.of("", " ", "seed", "seed=", "=1..2", "Seed=1,2", "seed=5..1", "seed=1,,2", "seed=1,1",
                "seed=1..2 seed=3", "seed=$(id)", "seed=1;reboot", "seed='1'", "seed=--fail", "seed=1..2..3",
                "seed=a b", "--seed=1,2")) {
            assertEquals(Optional.empty(), SweepGrid.parse(bad), bad);
        }
    }
}
