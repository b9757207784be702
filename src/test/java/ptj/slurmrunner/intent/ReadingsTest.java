package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A picked reading is sent as a typed request: the rules alone must read it back as the very same reading. */
class ReadingsTest {
    static final List<String> NAMES = ExampleBank.PROFILE_NAMES;

    @Test
    void should_read_every_action_s_request_back_as_the_same_reading() {
        RuleParser rules = new RuleParser();
        for (Action a : Action.values()) {
            if (a == Action.UNKNOWN) continue;
            if (a == Action.SWEEP) { // no reading without its grid: a sweep is never offered as a pick
                assertNull(Readings.request(new Intent.Reading(a, "optimizer_v5", null)));
                continue;
            }
            Intent.Reading r = switch (a) {
                case CANCEL -> new Intent.Reading(a, null, "12345");
                case LOG -> new Intent.Reading(a, "backtest_v5", "12345");
                case CLEAN, IMAGE_REFRESH, IMAGE_BUILD, IMAGE_PUSH, IMAGE_SETUP, IMAGE_STATUS, PROFILES, HISTORY, HELP,
                     STATUS -> new Intent.Reading(a, null, null);
                default -> new Intent.Reading(a, "optimizer_v5", null);
            };
            String request = Readings.request(r);
            assertNotNull(request, a.name());
            Intent back = rules.parse(request, NAMES);
            assertEquals(a, back.action(), request);
            assertEquals(r.profile(), back.profile(), request);
            assertEquals(r.jobId(), back.jobId(), request);
            assertTrue(back.isSure(), request + " → " + back);
        }
    }

    @Test
    void should_offer_no_request_a_reading_cannot_carry_out() {
        assertNull(Readings.request(new Intent.Reading(Action.CANCEL, "backtest_v5", null)));
        assertNull(Readings.request(new Intent.Reading(Action.RUN, null, null)));
        assertEquals("상태 확인", Readings.request(new Intent.Reading(Action.STATUS, null, null)));
    }
}
