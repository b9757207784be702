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

class ConsoleSessionTest {
    /** Asks a question for any message containing "실행", otherwise echoes; records choices. */
    static final class ScriptedBot implements Bot {
        final List<String> events = new ArrayList<>();
        int asked;

        @Override
        public void onMessage(Origin origin, String text, ReplySink sink) {
            events.add("msg:" + text);
            if (text.contains("실행")) {
                asked++;
                sink.show(Reply.progress("⏳ 확인 중"));
                sink.show(new Reply(Reply.Tone.QUESTION, "진행할까요? (예/아니오)",
                    List.of(new Reply.Choice("p" + asked + ":yes", "예", "primary"), new Reply.Choice("p" + asked + ":no", "아니오", null)),
                    null, true));
            } else {
                sink.show(new Reply(Reply.Tone.INFO, "답: " + text, List.of(), "긴 로그", true));
            }
        }

        @Override
        public void onChoice(Origin origin, String choiceId, ReplySink sink) {
            events.add("choice:" + choiceId);
            sink.show(Reply.info("선택 " + choiceId));
        }
    }

    private static String run(ScriptedBot bot, String input, List<Long> timings) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ConsoleSession s = new ConsoleSession(bot, new BufferedReader(new StringReader(input)), out, true, Origin.console());
        assertEquals(0, s.run());
        timings.addAll(s.firstReplyMillis());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_answer_a_question_with_a_typed_yes_or_no() throws Exception {
        ScriptedBot bot = new ScriptedBot();
        List<Long> t = new ArrayList<>();
        String out = run(bot, "backtest_v5 실행해줘\n예\nbacktest_v5 실행해줘\n아니오\n", t);
        assertEquals(List.of("msg:backtest_v5 실행해줘", "choice:p1:yes", "msg:backtest_v5 실행해줘", "choice:p2:no"), bot.events);
        assertTrue(out.contains("> backtest_v5 실행해줘\n⏳ 확인 중\n진행할까요? (예/아니오)\n"), out);
        assertEquals(4, t.size(), "one first-reply time per input line");
    }

    @Test
    void should_accept_english_and_short_answers() throws Exception {
        for (String yes : List.of("yes", "y", "Y", "네", "예.")) {
            ScriptedBot bot = new ScriptedBot();
            run(bot, "실행\n" + yes + "\n", new ArrayList<>());
            assertEquals("choice:p1:yes", bot.events.get(1), yes);
        }
        for (String no : List.of("no", "n", "아니요")) {
            ScriptedBot bot = new ScriptedBot();
            run(bot, "실행\n" + no + "\n", new ArrayList<>());
            assertEquals("choice:p1:no", bot.events.get(1), no);
        }
    }

    @Test
    void should_not_turn_a_yes_without_a_question_into_anything() throws Exception {
        ScriptedBot bot = new ScriptedBot();
        String out = run(bot, "예\n상태\n예\n", new ArrayList<>());
        assertEquals(List.of("msg:상태"), bot.events);
        assertTrue(out.contains("확인을 기다리는 요청이 없습니다"), out);
    }

    @Test
    void should_forget_a_question_once_another_message_comes() throws Exception {
        ScriptedBot bot = new ScriptedBot();
        String out = run(bot, "실행\n상태\n예\n예\n", new ArrayList<>());
        assertEquals(List.of("msg:실행", "msg:상태"), bot.events);
        assertTrue(out.contains("> 예\n앞의 확인 질문은 그 뒤에 다른 메시지가 와서 취소했습니다 (아무것도 실행하지 않았습니다). "
            + "원래 요청을 다시 보내 주세요.\n\n> 예\n지금 확인을"), out);
    }

    @Test
    void should_print_the_running_command_once_and_then_only_the_progress_lines() throws Exception {
        Bot bot = new Bot() {
            @Override
            public void onMessage(Origin origin, String text, ReplySink sink) {
                sink.show(Reply.progress("⏳ 실행 중: make slurm-watch PROFILE=backtest_v5"));
                sink.show(Reply.progress("⏳ 실행 중: make slurm-watch PROFILE=backtest_v5\n  RUNNING 00:01"));
                sink.show(Reply.progress("⏳ 실행 중: make slurm-watch PROFILE=backtest_v5\n  RUNNING 00:03"));
                sink.show(Reply.progress("⏳ 실행 중: make slurm-watch PROFILE=backtest_v5"));
                sink.show(Reply.info("(직전 대화의 Profile backtest_v5 기준)\n✅ 완료"));
            }

            @Override
            public void onChoice(Origin origin, String choiceId, ReplySink sink) { }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ConsoleSession(bot, new BufferedReader(new StringReader("대기해줘\n")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), true, Origin.console()).run();
        assertEquals("> 대기해줘\n⏳ 실행 중: make slurm-watch PROFILE=backtest_v5\n  RUNNING 00:01\n  RUNNING 00:03\n"
            + "(직전 대화의 Profile backtest_v5 기준)\n✅ 완료\n\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_skip_blank_and_comment_lines_and_print_attachments() throws Exception {
        ScriptedBot bot = new ScriptedBot();
        String out = run(bot, "\n   \n# 주석\n로그\n", new ArrayList<>());
        assertEquals(List.of("msg:로그"), bot.events);
        assertTrue(out.contains("답: 로그\n----- 첨부 (전체 출력) -----\n긴 로그"), out);
    }
}
