package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.IntentParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.Runner;
import ptj.slurmrunner.testing.ScriptedRunner;

class PipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The scripted make runner under the name the bot tests know it by. */
    static final class FakeRunner extends ScriptedRunner {}

    /** Maps exact texts to intents, like a parser that is always sure about them. */
    static final class TableParser implements IntentParser {
        final Map<String, Intent> table = new HashMap<>();

        @Override
        public Intent parse(String text, List<String> profiles) {
            if (text.equals("boom")) throw new IllegalStateException("parser bug");
            return table.getOrDefault(text, Intent.unknown("test"));
        }
    }

    static final class Recording implements ReplySink {
        final List<Reply> replies = new ArrayList<>();

        @Override
        public void show(Reply reply) {
            replies.add(reply);
        }

        Reply last() {
            return replies.get(replies.size() - 1);
        }
    }

    @TempDir
    Path tmp;
    private final FakeRunner runner = new FakeRunner();
    private final TableParser parser = new TableParser();
    private final FakeState state = FakeState.seed();
    private final List<String> submitted = new ArrayList<>();
    private AuditLog audit;
    private Pipeline bot;
    private final Origin alice = new Origin("U1", "C1", "1.0");
    private final Origin bob = new Origin("U2", "C1", "1.0");

    @BeforeEach
    void setUp() {
        audit = new AuditLog(tmp.resolve("state/audit.jsonl"));
        bot = new Pipeline(parser, new Policy(), () -> state, new PlanStore(), runner, new Reports(new LogDiagnoser()),
            audit, (o, p, j, c) -> submitted.add(o.userId() + " " + p + " " + j + " " + c), "", tmp, Clock.systemUTC(),
            false);
        parser.table.put("backtest_v5 실행해줘", Intent.sure(Action.RUN, "backtest_v5", null));
        parser.table.put("backtest_v5 로그", Intent.sure(Action.LOG, "backtest_v5", null));
        parser.table.put("결과 가져와", Intent.sure(Action.COLLECT, null, null));
        parser.table.put("상태 확인", Intent.sure(Action.STATUS, null, null));
        parser.table.put("12345 취소해줘", Intent.sure(Action.CANCEL, null, "12345"));
        parser.table.put("최근 기록", Intent.sure(Action.HISTORY, null, null));
        parser.table.put("12345 누가 취소했어?", Intent.sure(Action.HISTORY, null, "12345"));
        parser.table.put("도움말", Intent.sure(Action.HELP, null, null));
        parser.table.put("상태 미리보기", new Intent(Action.STATUS, null, null, Map.of(), true, Intent.Confidence.SURE, "t", null));
        runner.answers.put("slurm-run", JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5")
            .put("jobId", "12345").put("runDir", "runs/backtest_v5-20260224-143052"));
    }

    private String yesOf(Reply question) {
        return question.choices().get(0).id();
    }

    @Test
    void should_ask_first_then_run_on_yes_and_hand_the_job_to_the_watcher() {
        Recording sink = new Recording();
        bot.onMessage(alice, "backtest_v5 실행해줘", sink);
        Reply q = sink.last();
        assertEquals(Reply.Tone.QUESTION, q.tone());
        assertTrue(q.text().startsWith("[Profile 확인]"), q.text());
        assertTrue(runner.calls.isEmpty(), "nothing runs before yes");

        Recording after = new Recording();
        bot.onChoice(alice, yesOf(q), after);
        assertEquals(List.of("slurm-run PROFILE=backtest_v5"), runner.calls);
        assertEquals(Reply.Tone.PROGRESS, after.replies.get(0).tone());
        assertTrue(after.last().text().startsWith("[Job 제출 완료]"), after.last().text());
        assertEquals(List.of("U1 backtest_v5 12345 false"), submitted);
    }

    @Test
    void should_not_show_makes_own_error_lines_as_progress() {
        Runner noisy = (target, vars, progress) -> {
            try {
                Thread.sleep(2100); // past the progress throttle
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.accept("make: *** [Makefile:35: slurm-run] Error 1");
            progress.accept("make[1]: *** [Makefile:12: slurm-submit] Error 3");
            progress.accept("sbatch: error: invalid partition specified: shared");
            return MakeResult.ofJson(JSON.createObjectNode().put("ok", true));
        };
        Pipeline p = new Pipeline(parser, new Policy(), () -> state, new PlanStore(), noisy,
            new Reports(new LogDiagnoser()), audit, (o, pr, j, c) -> { }, "", tmp, Clock.systemUTC(), false);
        Recording sink = new Recording();
        p.onMessage(alice, "상태 확인", sink);
        String all = sink.replies.stream().map(Reply::text).reduce("", (a, b) -> a + b + "\n");
        assertFalse(all.contains("make: ***"), all);
        assertFalse(all.contains("make[1]: ***"), all);
        assertTrue(all.contains("  sbatch: error: invalid partition specified: shared"), "the next real line still shows: " + all);
    }

    @Test
    void should_run_nothing_on_no() {
        Recording sink = new Recording();
        bot.onMessage(alice, "backtest_v5 실행해줘", sink);
        Recording after = new Recording();
        bot.onChoice(alice, sink.last().choices().get(1).id(), after);
        assertTrue(runner.calls.isEmpty());
        assertTrue(after.last().text().contains("아무것도 실행하지 않았습니다"));
    }

    @Test
    void should_refuse_a_second_click_and_a_click_by_someone_else() {
        Recording sink = new Recording();
        bot.onMessage(alice, "backtest_v5 실행해줘", sink);
        String yes = yesOf(sink.last());
        Recording bobs = new Recording();
        bot.onChoice(bob, yes, bobs);
        assertTrue(bobs.last().text().contains("요청한 사람만"), bobs.last().text());
        assertTrue(runner.calls.isEmpty());
        bot.onChoice(alice, yes, new Recording());
        Recording again = new Recording();
        bot.onChoice(alice, yes, again);
        assertEquals(1, runner.calls.size(), "a replayed click runs nothing");
        assertTrue(again.last().text().contains("이미 처리된"), again.last().text());
    }

    @Test
    void should_refuse_a_stale_plan_and_ask_again_when_a_jobid_appeared() {
        Recording sink = new Recording();
        bot.onMessage(alice, "backtest_v5 실행해줘", sink);
        state.jobIds.put("backtest_v5", "999");
        Recording after = new Recording();
        bot.onChoice(alice, yesOf(sink.last()), after);
        assertTrue(runner.calls.isEmpty());
        assertTrue(after.replies.get(0).text().contains("상태가 바뀌어"), after.replies.get(0).text());
        assertTrue(after.last().text().contains("backtest_v5.jobid 존재 (Job 999)"), after.last().text());
        bot.onChoice(alice, yesOf(after.last()), new Recording());
        assertEquals(List.of("slurm-run PROFILE=backtest_v5 FORCE=1"), runner.calls);
    }

    @Test
    void should_take_the_profile_from_the_conversation_and_say_so() {
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "COMPLETED");
        bot.onMessage(alice, "backtest_v5 로그", new Recording());
        Recording sink = new Recording();
        bot.onMessage(alice, "결과 가져와", sink);
        assertEquals("slurm-collect PROFILE=backtest_v5", runner.calls.get(runner.calls.size() - 1));
        assertTrue(sink.last().text().contains("직전 대화의 Profile backtest_v5"), sink.last().text());
    }

    @Test
    void should_ask_whose_settings_unless_the_conversation_has_one_profile() {
        parser.table.put("설정 보여줘", new Intent(Action.SHOW, null, null, Map.of(), false, Intent.Confidence.UNSURE,
            "rules", "프로필?", java.util.Set.of(Intent.Flag.NEEDS_PROFILE))); // what the rules read
        bot.onMessage(bob, "설정 보여줘", new Recording());
        assertEquals("unsure", lastAudit().code(), "no profile in this conversation: asked which");
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "COMPLETED");
        bot.onMessage(alice, "backtest_v5 로그", new Recording());
        Recording sink = new Recording();
        bot.onMessage(alice, "설정 보여줘", sink);
        assertTrue(sink.last().text().contains("직전 대화의 Profile backtest_v5"), sink.last().text());
    }

    @Test
    void should_take_the_only_tracked_profile_but_never_guess_between_several() {
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "COMPLETED");
        Recording one = new Recording();
        bot.onMessage(bob, "결과 가져와", one);
        assertEquals(List.of("slurm-collect PROFILE=backtest_v5"), runner.calls);
        assertTrue(one.last().text().contains("직전 대화의 Profile backtest_v5"), one.last().text());
        state.jobIds.put("optimizer_v5", "12346");
        Recording two = new Recording();
        bot.onMessage(new Origin("U3", "C1", null), "결과 가져와", two);
        assertEquals("profile_required", lastAudit().code());
        assertEquals(1, runner.calls.size());
    }

    @Test
    void should_do_nothing_for_bulk_negated_or_suspicious_messages_even_when_sure() {
        for (Intent.Flag f : List.of(Intent.Flag.BULK, Intent.Flag.NEGATED, Intent.Flag.SUSPICIOUS)) {
            Intent i = new Intent(Action.CANCEL, null, "12345", Map.of(), false, Intent.Confidence.SURE, "t", null,
                java.util.Set.of(f));
            parser.table.put("msg " + f, i);
            Recording sink = new Recording();
            bot.onMessage(alice, "msg " + f, sink);
            assertTrue(sink.last().choices().isEmpty(), f + " must not even ask");
            assertEquals("denied", lastAudit().decision());
        }
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void should_refuse_collect_while_running_without_running_make() {
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "RUNNING");
        Recording sink = new Recording();
        parser.table.put("backtest_v5 결과 가져와", Intent.sure(Action.COLLECT, "backtest_v5", null));
        bot.onMessage(alice, "backtest_v5 결과 가져와", sink);
        assertEquals("⚠️ Job 12345 아직 RUNNING. 완료 후 collect하세요.\n→ make slurm-watch PROFILE=backtest_v5 로 대기 가능 (채팅: \"backtest_v5 대기해줘\")",
            sink.last().text());
        assertTrue(runner.calls.isEmpty());
    }

    @Test
    void should_turn_exceptions_into_a_korean_error_reply() {
        Recording sink = new Recording();
        bot.onMessage(alice, "boom", sink);
        assertEquals(Reply.Tone.ERROR, sink.last().tone());
        assertTrue(sink.last().text().contains("오류"));
    }

    @Test
    void should_audit_every_decision_denials_and_refused_clicks_included() {
        bot.onMessage(alice, "backtest_v5 실행해줘 token=xoxb-123-abc", new Recording());
        parser.table.put("backtest_v5 실행해줘 token=xoxb-123-abc", Intent.sure(Action.RUN, "backtest_v5", null));
        bot.onMessage(alice, "뭔 소리", new Recording());
        bot.onChoice(bob, "nope:yes", new Recording());
        List<AuditEntry> all = audit.all();
        assertEquals(3, all.size());
        assertEquals("denied", all.get(0).decision());
        assertFalse(all.get(0).text().contains("xoxb-123"), "no secrets in the audit");
        assertEquals("unsure", all.get(1).code());
        assertEquals("refused_choice", all.get(2).event());
        assertEquals("U2", all.get(2).user());
    }

    @Test
    void should_answer_who_cancelled_a_job_from_the_audit() {
        Recording q = new Recording();
        bot.onMessage(alice, "12345 취소해줘", q);
        bot.onChoice(alice, yesOf(q.last()), new Recording());
        assertEquals(List.of("slurm-cancel JOBID=12345"), runner.calls);
        Recording h = new Recording();
        bot.onMessage(bob, "12345 누가 취소했어?", h);
        assertTrue(h.last().text().contains("Job 12345 은(는) U1 님이 취소했습니다"), h.last().text());
        Recording recent = new Recording();
        bot.onMessage(bob, "최근 기록", recent);
        assertTrue(recent.last().text().startsWith("[최근 기록]"));
        assertTrue(recent.last().text().contains("cancel #12345"), recent.last().text());
    }

    @Test
    void should_not_record_a_cancel_of_an_already_ended_job_as_a_cancel() {
        runner.answers.put("slurm-cancel", JSON.createObjectNode().put("ok", true).put("jobId", "12345")
            .put("message", "Job 12345 는 이미 CANCELLED 상태입니다 (취소할 것 없음).").put("alreadyFinished", true)
            .put("state", "CANCELLED"));
        Recording q = new Recording();
        bot.onMessage(alice, "12345 취소해줘", q);
        bot.onChoice(alice, yesOf(q.last()), new Recording());
        assertEquals(List.of("slurm-cancel JOBID=12345"), runner.calls);
        Recording h = new Recording();
        bot.onMessage(bob, "12345 누가 취소했어?", h);
        assertFalse(h.last().text().contains("취소했습니다"), h.last().text());
        assertTrue(h.last().text().contains("cancel #12345 → noop"), h.last().text());
    }

    @Test
    void should_show_a_dry_run_of_a_target_without_dry_run_support_without_running_it() {
        Recording sink = new Recording();
        bot.onMessage(alice, "상태 미리보기", sink);
        assertTrue(runner.calls.isEmpty());
        assertTrue(sink.last().text().contains("make -C " + tmp + " slurm-status OUTPUT=json"), sink.last().text());
    }

    @Test
    void should_list_what_it_can_do() {
        Recording sink = new Recording();
        bot.onMessage(alice, "도움말", sink);
        assertTrue(sink.last().text().contains("backtest_v5 실행해줘"));
        assertTrue(sink.last().text().contains("미리보기"));
    }

    private AuditEntry lastAudit() {
        List<AuditEntry> all = audit.all();
        return all.get(all.size() - 1);
    }

    static Map<String, String> vars(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
