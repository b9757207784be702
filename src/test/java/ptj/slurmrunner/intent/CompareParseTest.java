package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The compare action's phrases: comparing collected results, never collecting or running anything. */
class CompareParseTest {
    private final RuleParser parser = new RuleParser();
    private final List<String> profiles = List.of("backtest_v5", "optimizer_v5", "study_exit_params");

    @ParameterizedTest
    @CsvSource({
        "backtest_v5 최근 결과 비교, backtest_v5",
        "backtest_v5 결과 비교해줘, backtest_v5",
        "optimizer_v5 지난번이랑 비교, optimizer_v5",
        "study_exit_params 이전 결과랑 차이 보여줘, study_exit_params",
        "backtest_v5 샤프 추이, backtest_v5",
        "compare backtest_v5 results, backtest_v5",
    })
    void should_read_compare_with_a_profile(String text, String profile) {
        Intent i = parser.parse(text, profiles);
        assertEquals(Action.COMPARE, i.action(), text + " → " + i);
        assertEquals(profile, i.profile());
        assertTrue(i.isSure(), i.toString());
    }

    @ParameterizedTest
    @CsvSource({"지난번이랑 비교해줘", "최근 결과 비교해줘"})
    void should_take_the_profile_from_the_conversation_when_none_is_named(String text) {
        Intent i = parser.parse(text, profiles);
        assertEquals(Action.COMPARE, i.action(), i.toString());
        assertEquals(java.util.Set.of(Intent.Flag.NEEDS_PROFILE), i.flags(), i.toString());
        // asked which profile (docs/intent-labels.md); the pipeline fills it from the conversation when it has one
        assertFalse(i.isSure(), i.toString());
    }

    @ParameterizedTest
    @CsvSource({"backtest_v5 결과 가져와, COLLECT", "최근 기록, HISTORY", "backtest_v5 실행해줘, RUN"})
    void should_leave_the_neighbouring_actions_alone(String text, Action expected) {
        assertEquals(expected, parser.parse(text, profiles).action(), text);
    }

    @org.junit.jupiter.api.Test
    void should_have_no_make_target() {
        assertTrue(Action.COMPARE.makeTarget().isEmpty());
        assertEquals(Action.COMPARE, Action.fromWireName("compare").orElseThrow());
    }
}
