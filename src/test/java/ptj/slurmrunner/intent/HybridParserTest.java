package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Intent.Confidence;
import ptj.slurmrunner.intent.Intent.Flag;

/** The hybrid's decision table, with hand-written fakes for both parsers. */
class HybridParserTest {
    static final List<String> PROFILES = List.of("backtest_v5", "optimizer_v5", "study_exit_params");

    /** Answers with a fixed intent and counts calls. */
    static final class FakeModel implements HybridParser.Proposer {
        final Optional<Intent> answer;
        final List<String> asked = new ArrayList<>();

        FakeModel(Intent answer) {
            this.answer = Optional.ofNullable(answer);
        }

        @Override
        public Optional<Intent> propose(String text, List<String> profiles) {
            asked.add(text);
            return answer;
        }
    }

    static Intent rules(Action a, String profile, boolean sure, Flag... flags) {
        return new Intent(a, profile, null, Map.of(), false, sure ? Confidence.SURE : Confidence.UNSURE, "rules",
            sure ? null : "rules question", Set.of(flags));
    }

    static Intent llm(Action a, String profile, String jobId, boolean sure) {
        return new Intent(a, profile, jobId, Map.of(), false, sure ? Confidence.SURE : Confidence.UNSURE, "llm",
            sure ? null : "llm question", Set.of());
    }

    static Intent parse(Intent byRules, FakeModel model) {
        return new HybridParser((t, p) -> byRules, model).parse("text", PROFILES);
    }

    @Test
    void should_use_the_rules_alone_when_they_are_sure() {
        FakeModel model = new FakeModel(llm(Action.CANCEL, null, "1", true));
        Intent r = rules(Action.RUN, "backtest_v5", true);
        assertSame(r, parse(r, model));
        assertTrue(model.asked.isEmpty());
    }

    @Test
    void should_never_ask_the_model_to_overrule_a_refusal() {
        for (Flag f : List.of(Flag.BULK, Flag.NEGATED, Flag.SUSPICIOUS, Flag.MULTIPLE_ACTIONS,
                Flag.MULTIPLE_PROFILES, Flag.INVALID_VALUE)) {
            FakeModel model = new FakeModel(llm(Action.RUN, "backtest_v5", null, true));
            Intent out = parse(rules(Action.CANCEL, null, false, f), model);
            assertFalse(out.isSure(), f.name());
            assertTrue(model.asked.isEmpty(), f.name());
        }
    }

    @Test
    void should_keep_the_rules_question_when_the_model_fails() {
        Intent out = parse(rules(Action.RUN, null, false, Flag.NEEDS_PROFILE), new FakeModel(null));
        assertFalse(out.isSure());
        assertTrue(out.has(Flag.LLM_FAILED));
        assertEquals("rules question", out.question());
    }

    @Test
    void should_be_sure_when_both_agree() {
        Intent out = parse(rules(Action.RUN, "backtest_v5", false), new FakeModel(llm(Action.RUN, "backtest_v5", null,
            true)));
        assertTrue(out.isSure());
        assertEquals("rules+llm", out.source());
    }

    @Test
    void should_ask_the_question_built_from_the_model_when_they_disagree() {
        Intent out = parse(rules(Action.STATUS, "backtest_v5", false), new FakeModel(llm(Action.RUN, "backtest_v5",
            null, true)));
        assertFalse(out.isSure());
        assertEquals("backtest_v5 실행을 말씀하신 건가요? 맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요.", out.question());
        assertTrue(out.has(Flag.LLM_DISAGREES));
    }

    @Test
    void should_ask_when_they_name_different_profiles() {
        Intent out = parse(rules(Action.RUN, "backtest_v5", false), new FakeModel(llm(Action.RUN, "optimizer_v5",
            null, true)));
        assertFalse(out.isSure());
        assertEquals("optimizer_v5 실행을 말씀하신 건가요? 맞다면 \"optimizer_v5 실행해줘\" 라고 다시 보내 주세요.", out.question());
    }

    @Test
    void should_never_be_sure_of_a_destructive_action_proposed_by_the_model() {
        for (Action a : List.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH, Action.IMAGE_BUILD,
                Action.IMAGE_PUSH, Action.IMAGE_SETUP)) {
            Intent out = parse(rules(Action.UNKNOWN, null, false), new FakeModel(llm(a, null, "12345", true)));
            assertFalse(out.isSure(), a.name());
            assertEquals(a, out.action());
            assertTrue(out.has(Flag.LLM_ONLY), a.name());
            // even when the rules guessed the same destructive action
            Intent same = parse(rules(a, null, false), new FakeModel(llm(a, null, "12345", true)));
            assertFalse(same.isSure(), a.name());
        }
    }

    @Test
    void should_accept_a_read_only_action_the_model_alone_is_sure_of() {
        Intent out = parse(rules(Action.UNKNOWN, null, false), new FakeModel(llm(Action.STATUS, null, null, true)));
        assertTrue(out.isSure());
        assertTrue(out.has(Flag.LLM_ONLY));
    }

    @Test
    void should_ask_before_starting_work_on_the_model_word_alone() {
        Intent out = parse(rules(Action.UNKNOWN, null, false), new FakeModel(llm(Action.RUN, "backtest_v5", null,
            true)));
        assertFalse(out.isSure());
        assertEquals("backtest_v5 실행을 말씀하신 건가요? 맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요.", out.question());
    }

    @Test
    void should_keep_the_rules_when_the_model_says_unknown() {
        Intent r = rules(Action.RUN, "backtest_v5", false);
        Intent out = parse(r, new FakeModel(llm(Action.UNKNOWN, null, null, false)));
        assertEquals(Action.RUN, out.action());
        assertFalse(out.isSure());
        assertEquals("rules question", out.question());
    }

    /** Found by `make eval-intent` (LlmEvalIT, safety set): the model read "backtest_v9" as backtest_v5, sure. */
    @Test
    void should_not_let_the_model_turn_a_word_that_is_no_profile_into_one() {
        FakeModel model = new FakeModel(llm(Action.RUN, "backtest_v5", null, true));
        Intent got = parse(rules(Action.RUN, null, false, Flag.UNKNOWN_PROFILE), model);
        assertFalse(got.isSure());
    }
}
