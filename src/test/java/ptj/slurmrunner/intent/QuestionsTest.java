package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.config.ProfileCatalog;

/**
 * A question that reads as yes/no ("backtest_v5 실행을 말씀하신 건가요?") has no plan behind it, so a typed 예 answers
 * nothing: the question names the message to send instead. That message must itself be understood.
 */
class QuestionsTest {
    @TempDir
    static Path tmp;
    static RuleParser parser;
    static List<String> names;

    @BeforeAll
    static void setUp() throws IOException {
        ProfileCatalog catalog = new ProfileCatalog(TestProfiles.projectWithExampleProfiles(tmp));
        parser = new RuleParser(catalog::list);
        names = catalog.names();
    }

    @Test
    void should_suggest_for_every_action_a_message_that_parses_sure_as_that_action() {
        for (Action a : Action.values()) {
            if (a == Action.UNKNOWN) continue;
            String ex = Questions.example(a, "backtest_v5", "12345");
            assertNotNull(ex, "example for " + a);
            Intent i = parser.parse(ex, names);
            assertEquals(a, i.action(), ex);
            assertTrue(i.isSure(), ex + " → " + i.question());
        }
    }

    @Test
    void should_never_invent_a_profile_or_job_id_for_the_example() {
        assertNull(Questions.example(Action.RUN, null, null));
        assertNull(Questions.example(Action.CANCEL, "backtest_v5", null));
        assertEquals("run dir 정리", Questions.example(Action.CLEAN, null, null));
        assertEquals("실행을 말씀하신 건가요?", Questions.confirm(Action.RUN, null), "no example without a profile");
    }

    @Test
    void should_tell_a_typo_what_to_send_instead_of_asking_for_a_yes() {
        String q = parser.parse("backtest_v6 실행해줘", names).question();
        assertEquals("'backtest_v6' 프로필은 없습니다. backtest_v5 실행을 말씀하신 건가요? 맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요.", q);
        String cancel = parser.parse("12345 취소? 아니 그냥 둬", names).question();
        assertTrue(cancel.contains("\"12345 취소해줘\""), cancel);
        String vague = parser.parse("결과 정리해줘", names).question();
        assertTrue(vague.contains("\"run dir 정리\""), vague);
    }
}
