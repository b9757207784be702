package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Words → the one profile they are parts of (the team's short names), one rule at a time. */
class ProfileNamesTest {
    static final List<String> NAMES = List.of("backtest_v5", "optimizer_v5", "study_exit_params");

    @Test
    void the_first_part_or_its_start_names_the_profile() {
        assertEquals("backtest_v5", ProfileNames.byParts(List.of("backtest"), NAMES));
        assertEquals("optimizer_v5", ProfileNames.byParts(List.of("optim"), NAMES));
        assertEquals("study_exit_params", ProfileNames.byParts(List.of("study"), NAMES));
    }

    @Test
    void other_parts_count_only_beside_the_first() {
        assertEquals("study_exit_params", ProfileNames.byParts(List.of("exit", "study"), NAMES));
        assertNull(ProfileNames.byParts(List.of("exit"), NAMES), "'exit code' is no study_exit_params");
        assertNull(ProfileNames.byParts(List.of("v5"), NAMES), "v5 is a part of two profiles");
        assertEquals("optimizer_v5", ProfileNames.byParts(List.of("v5", "optimizer"), NAMES));
    }

    @Test
    void a_slip_of_the_keyboard_is_forgiven_on_long_words_only() {
        assertEquals("backtest_v5", ProfileNames.byParts(List.of("backtset"), NAMES));
        assertEquals("optimizer_v5", ProfileNames.byParts(List.of("optimzer"), NAMES));
        assertNull(ProfileNames.byParts(List.of("bac"), NAMES), "three letters are too few");
    }

    @Test
    void another_version_or_two_profiles_name_none() {
        assertNull(ProfileNames.byParts(List.of("backtest", "v6"), NAMES));
        assertNull(ProfileNames.byParts(List.of("backtest_v9"), NAMES));
        assertNull(ProfileNames.byParts(List.of("backtest", "optimizer"), NAMES));
        assertNull(ProfileNames.byParts(List.of("backtest"), List.of("backtest_v5", "backtest_v6")));
    }

    @Test
    void words_that_fit_no_profile_say_nothing() {
        assertEquals("backtest_v5", ProfileNames.byParts(List.of("csv", "backtest", "pull"), NAMES));
        assertNull(ProfileNames.byParts(List.of("csv", "pull"), NAMES));
    }
}
