package ptj.slurmrunner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;

class ActionTest {
    @Test
    void should_map_actions_to_make_targets() {
        assertEquals("slurm-image-refresh", Action.IMAGE_REFRESH.makeTarget().orElseThrow());
        assertEquals("slurm-run", Action.RUN.makeTarget().orElseThrow());
        assertTrue(Action.HISTORY.makeTarget().isEmpty());
        assertTrue(Action.UNKNOWN.makeTarget().isEmpty());
        assertEquals(Action.IMAGE_STATUS, Action.fromWireName("image-status").orElseThrow());
    }
}
