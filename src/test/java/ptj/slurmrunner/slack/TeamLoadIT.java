package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The team load, compressed (50 ends within 8 s), against the Slack stand-in: nothing lost or doubled, paced. */
class TeamLoadIT {
    @Test
    void should_deliver_every_end_once_paced_per_channel_across_a_restart() throws Exception {
        TeamLoadBench.Measured m = TeamLoadBench.measure(20, 4, 200, 50, Duration.ofSeconds(8));
        System.out.println("team load: " + m);
        assertEquals(50, m.ending());
        assertEquals(0, m.lost(), "lost");
        assertEquals(0, m.doubled(), "doubled");
        assertTrue(m.maxPerChannelPerSecond() <= 1, "at most one post per channel per second: " + m.maxPerChannelPerSecond());
        assertTrue(m.combined() >= 1, "ends that pile up in a channel are combined");
        assertTrue(m.posts() < 50, "fewer posts than notices: " + m.posts());
    }
}
