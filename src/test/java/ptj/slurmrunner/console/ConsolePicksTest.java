package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.ReplySink;

/** The console shows offered readings as numbered lines; typing a number picks one, anything else drops them. */
class ConsolePicksTest {
    static final class OfferingBot implements Bot {
        final List<String> events = new ArrayList<>();

        @Override
        public void onMessage(Origin origin, String text, ReplySink sink) {
            events.add("msg:" + text);
            sink.show(new Reply(Reply.Tone.QUESTION, "혹시 이 중 하나인가요?", List.of(
                new Reply.Choice("pick:status:backtest_v5:-", "backtest_v5 상태 확인", null),
                new Reply.Choice("pick:log:backtest_v5:-", "backtest_v5 로그 보여줘", null)), null, true));
        }

        @Override
        public void onChoice(Origin origin, String choiceId, ReplySink sink) {
            events.add("choice:" + choiceId);
            sink.show(Reply.info("ok"));
        }
    }

    private static String run(Bot bot, String input) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new ConsoleSession(bot, new BufferedReader(new StringReader(input)), out, true, Origin.console()).run();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_print_numbered_readings_and_pick_the_typed_number() throws Exception {
        OfferingBot bot = new OfferingBot();
        String out = run(bot, "backtest_v5 어때\n2\n");
        assertTrue(out.contains("1) backtest_v5 상태 확인"), out);
        assertTrue(out.contains("2) backtest_v5 로그 보여줘"), out);
        assertEquals(List.of("msg:backtest_v5 어때", "choice:pick:log:backtest_v5:-"), bot.events);
    }

    @Test
    void should_treat_a_number_with_nothing_offered_or_out_of_range_as_a_message() throws Exception {
        OfferingBot bot = new OfferingBot();
        run(bot, "backtest_v5 어때\n3\n");
        assertEquals(List.of("msg:backtest_v5 어때", "msg:3"), bot.events);
    }
}
