package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.testing.ScriptedRunner;

/**
 * Conversations found confusing when the console was driven by hand (qa), replayed through the real rule parser,
 * policy, plan store and reports, with a fake make runner: what the user reads, and which make targets ran.
 */
class ConsoleConversationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private final ScriptedRunner runner = new ScriptedRunner();
    private final FakeState state = FakeState.seed();
    private Pipeline bot;

    @BeforeEach
    void setUp() throws IOException {
        Path profiles = Files.createDirectories(tmp.resolve("slurm/profiles"));
        for (String[] p : List.of(new String[] {"backtest_v5", "simulation/backtests/backtest_v5.py"},
                new String[] {"optimizer_v5", "experiments/optimizer_v5.py"},
                new String[] {"study_exit_params", "experiments/study_exit_params.py"})) {
            Files.writeString(profiles.resolve(p[0] + ".conf"), "SCRIPT=" + p[1] + "\nCPUS=20\nMEM=40G\nTIME=02:00:00\n"
                + "CONTAINER=yes\nCODE_FILES=simulation/\nRESULTS_PULL=data/results/backtests/\n");
        }
        ProfileCatalog catalog = new ProfileCatalog(tmp);
        bot = new Pipeline(new RuleParser(catalog::list), new Policy(), () -> state, new PlanStore(), runner,
            new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("state/audit.jsonl")), (o, p, j, c) -> { }, "", tmp,
            Clock.systemUTC(), false);
        runner.answers.put("slurm-run", JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5")
            .put("jobId", "12345").put("runDir", "runs/backtest_v5-20260224-143052"));
        runner.answers.put("slurm-image-status", JSON.createObjectNode().put("ok", true)
            .put("image", "/mnt/giga/project/ptj_stock_lab/slurm/images/ptj_stock_lab.sqsh").put("exists", true)
            .put("size", 1_500_000_000L).put("modified", "2026-02-20 10:00").put("sha256", "ab".repeat(32))
            .put("stale", false));
    }

    private String talk(String... lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleSession s = new ConsoleSession(bot, new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), true, Origin.console());
        s.run();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    @Test
    void should_tell_a_typoed_profile_what_to_send_since_a_typed_yes_answers_nothing() throws IOException {
        String out = talk("backtest_v6 실행해줘", "예");
        assertTrue(out.contains("'backtest_v6' 프로필은 없습니다. backtest_v5 실행을 말씀하신 건가요? "
            + "맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요."), out);
        assertTrue(out.contains("> 예\n지금 확인을 기다리는 요청이 없습니다. 하려는 작업을 문장으로 보내 주세요"), out);
        assertEquals(List.of(), runner.calls, "nothing runs on a guess or on a stray yes");

        String again = talk("backtest_v5 실행해줘", "예");
        assertEquals(List.of("slurm-run PROFILE=backtest_v5"), runner.calls, "the suggested message works as written");
        assertTrue(again.contains("[Job 제출 완료]"), again);
    }

    @Test
    void should_show_the_examples_once_when_the_message_is_not_understood() throws IOException {
        String out = talk("이거 좀 어떻게 해봐");
        assertEquals(1, count(out, "\"상태 확인\""), out);
        assertTrue(out.contains("\"도움말\""), out);
        assertEquals(List.of(), runner.calls);
    }

    @Test
    void should_answer_questions_about_the_image_with_its_status_not_a_rebuild() throws IOException {
        String out = talk("이미지 오래됐어?", "이미지 다시 빌드해야 돼?", "패키지 추가했는데 이미지 괜찮아?");
        assertEquals(List.of("slurm-image-status", "slurm-image-status", "slurm-image-status"), runner.calls);
        assertFalse(out.contains("진행할까요?"), "a status question asks nothing back: " + out);
        assertFalse(out.contains("알아듣지 못했습니다"), out);
    }

    @Test
    void should_not_report_a_cancel_when_the_job_had_already_ended() throws IOException {
        runner.answers.put("slurm-cancel", JSON.createObjectNode().put("ok", true)
            .put("message", "Job 12345 는 이미 COMPLETED 상태입니다 (취소할 것 없음).").put("jobId", "12345")
            .putNull("profile").put("state", "COMPLETED"));
        String out = talk("12345 취소해줘", "예");
        assertEquals(List.of("slurm-cancel JOBID=12345"), runner.calls);
        assertTrue(out.contains("[Job 취소] Job 12345 은(는) 이미 COMPLETED 상태입니다. 취소할 것이 없습니다."), out);
        assertFalse(out.contains("[Job 취소 완료]"), out);

        runner.answers.put("slurm-cancel", JSON.createObjectNode().put("ok", true)
            .put("message", "Job 12345 는 이미 CANCELLED 상태입니다 (취소할 것 없음).").put("alreadyFinished", true)
            .put("jobId", "12345").putNull("profile").put("state", "CANCELLED"));
        String again = talk("12345 취소해줘", "예");
        assertTrue(again.contains("[Job 취소] Job 12345 은(는) 이미 CANCELLED 상태입니다. 취소할 것이 없습니다."), again);

        // a real cancel: the toolkit's message "Job 12345 취소: RUNNING → CANCELLED", alreadyFinished false
        runner.answers.put("slurm-cancel", JSON.createObjectNode().put("ok", true)
            .put("message", "Job 12345 취소: RUNNING → CANCELLED").put("jobId", "12345")
            .put("profile", "backtest_v5").put("state", "CANCELLED"));
        String real = talk("12345 취소해줘", "예");
        assertTrue(real.contains("[Job 취소 완료]\n  Job ID:  12345\n  Profile: backtest_v5\n  상태:    CANCELLED"), real);

        // what the toolkit really answers for a cancel that worked: a message too (every ok answer has one)
        runner.answers.put("slurm-cancel", JSON.createObjectNode().put("ok", true)
            .put("message", "Job 12345 취소: RUNNING → CANCELLED").put("jobId", "12345")
            .put("profile", "backtest_v5").put("state", "CANCELLED").put("alreadyFinished", false));
        String withMessage = talk("12345 취소해줘", "예");
        assertTrue(withMessage.contains("[Job 취소 완료]"), withMessage);
        assertFalse(withMessage.contains("취소할 것이 없습니다"), withMessage);
    }

    @Test
    void should_say_the_run_dir_was_already_cleaned_when_collecting_after_a_clean() throws IOException {
        // seen on the dev cluster: "run dir 정리" → 예, then "backtest_v5 결과 가져와" printed "정리: ?/ 유지"
        runner.answers.put("slurm-collect", (ObjectNode) JSON.readTree("""
            {"ok":true,"profile":"backtest_v5","jobId":"12345","state":"COMPLETED","exitCode":"0:0",
             "results":["data/results/backtests/"],"logs":["slurm/logs/12345.out","slurm/logs/12345.err"],
             "runDir":null,"removed":false}"""));
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "COMPLETED");
        String out = talk("backtest_v5 결과 가져와");
        assertTrue(out.contains("  정리:     run dir 없음 (이미 정리됨)"), out);
        assertFalse(out.contains("?/"), out);
    }

    @Test
    void should_say_the_profile_from_the_conversation_and_the_command_once() throws IOException {
        // make demo printed "⏳ 실행 중: make slurm-watch …" and "(직전 대화의 Profile backtest_v5 기준)" twice
        runner.answers.put("slurm-watch", JSON.createObjectNode().put("ok", true).put("jobId", "12345")
            .put("state", "COMPLETED").put("elapsed", "00:00:09"));
        runner.answers.put("slurm-collect", JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5")
            .put("jobId", "12345").put("state", "COMPLETED").put("runDir", "runs/backtest_v5-1").put("removed", true));
        state.jobIds.put("backtest_v5", "12345");
        state.states.put("12345", "COMPLETED");
        String out = talk("backtest_v5 대기해줘", "결과 가져와");
        assertEquals(1, count(out, "⏳ 실행 중: make slurm-watch PROFILE=backtest_v5"), out);
        assertEquals(1, count(out, "⏳ 실행 중: make slurm-collect PROFILE=backtest_v5"), out);
        assertEquals(1, count(out, "(직전 대화의 Profile backtest_v5 기준)"), out);
    }

    @Test
    void should_say_why_a_late_yes_runs_nothing_after_another_message() throws IOException {
        String out = talk("backtest_v5 실행해줘", "상태 확인", "예");
        assertEquals(List.of("slurm-status"), runner.calls, "the dropped question never runs");
        assertTrue(out.contains("> 예\n앞의 확인 요청(make slurm-run PROFILE=backtest_v5)은 다른 메시지가 와서 취소했습니다 "
            + "(아무것도 실행하지 않았습니다). 다시 요청해 주세요."), out);
    }

    @Test
    void should_take_the_yes_words_korean_chat_uses_and_explain_a_yes_with_nothing_asked() throws IOException {
        String out = talk("backtest_v5 실행해줘", "응", "ㅇㅇ");
        assertEquals(List.of("slurm-run PROFILE=backtest_v5"), runner.calls, "응 answers the question, ㅇㅇ asks nothing");
        assertTrue(out.contains("> ㅇㅇ\n지금 확인을 기다리는 요청이 없습니다."), out);
    }

    @Test
    void should_not_run_with_script_arguments_dropped_silently() throws IOException {
        String out = talk("backtest_v5 --seed 8로 실행", "예");
        assertEquals(List.of(), runner.calls, "not run with the profile's --seed 7 when 8 was asked");
        assertTrue(out.contains("스크립트 인자(--seed 8)는 채팅으로 바꿀 수 없어"), out);
        assertTrue(out.contains("slurm/profiles/backtest_v5.conf 의 SCRIPT_ARGS"), out);
    }

    @Test
    void should_submit_when_asked_to_run_and_report_at_the_end() throws IOException {
        // "돌려놓고 끝나면 알려줘" used to parse as watch alone: it followed the old job instead of submitting
        talk("backtest_v5 돌려놓고 끝나면 알려줘", "예");
        assertEquals(List.of("slurm-run PROFILE=backtest_v5"), runner.calls);
    }

    @Test
    void should_not_print_a_placeholder_profile_when_status_cannot_reach_the_server() throws IOException {
        runner.answers.put("slurm-status", JSON.createObjectNode().put("ok", false).put("error", "ssh_failed")
            .put("message", "SSH 연결 실패: gigaflops-node54 (ssh: Could not resolve hostname gigaflops-node54)"));
        runner.answers.put("slurm-cancel", JSON.createObjectNode().put("ok", false).put("error", "job_not_found")
            .put("message", "Job 99999 를 찾을 수 없습니다.").put("jobId", "99999"));
        String out = talk("상태 확인", "99999 취소해줘", "예");
        assertFalse(out.contains("PROFILE=PROFILE"), out);
        assertTrue(out.contains("\"<Profile> 복구\""), out);
        assertTrue(out.contains("→ \"상태 확인\"으로 현재 Job 목록과 Job ID를 확인해 주세요."), out);
    }

    @Test
    void should_preview_a_clean_without_calling_it_an_error() throws IOException {
        // the toolkit answers DRY_RUN=1 CONFIRM=yes with confirm_required plus the lists
        runner.answers.put("slurm-clean", (ObjectNode) JSON.readTree("""
            {"ok":false,"error":"confirm_required","message":"진행할까요? (삭제하려면 CONFIRM=yes: make slurm-clean CONFIRM=yes)",
             "remote":["runs/backtest_v5-20260224-143052"],"local":["backtest_v5.rundir"],"spared":[],"removed":false,
             "hint":"→ 위 목록을 확인한 뒤 make slurm-clean CONFIRM=yes 로 삭제합니다. 아무것도 삭제하지 않았습니다."}"""));
        state.clean = new ptj.slurmrunner.policy.CleanList(List.of("runs/backtest_v5-20260224-143052"),
            List.of("backtest_v5.rundir"), List.of());
        String out = talk("run dir 정리 미리보기");
        assertEquals(List.of("slurm-clean CONFIRM=yes DRY_RUN=1"), runner.calls);
        assertTrue(out.contains("[미리보기] 아무것도 실행하지 않았습니다"), out);
        assertTrue(out.contains("    - runs/backtest_v5-20260224-143052/"), out);
        assertFalse(out.contains("확인(예)이 필요한 작업입니다. 다시 요청해 주세요."), out);
        assertFalse(out.contains("⚠️ 진행할까요?"), out);
    }

    @Test
    void should_ask_for_a_value_when_more_memory_is_asked_without_one() throws IOException {
        // used to parse as a plain run: the confirmation then offered the profile's 40G as if nothing was asked
        String out = talk("backtest_v5 메모리 늘려서 다시 돌려줘", "예", "방금 제출한 거 취소해줘");
        assertEquals(List.of(), runner.calls);
        assertTrue(out.contains("얼마로 바꿀지 값이 없어 아직 아무것도 하지 않았습니다. 값을 적어 주세요. "
            + "예: \"backtest_v5 메모리 80G로 실행\""), out);
        assertTrue(out.contains("> 방금 제출한 거 취소해줘\n취소할 Job ID 하나를 정확히 적어 주세요."), out);
    }

    @Test
    void should_print_the_running_command_once_per_message_not_before_every_progress_line() throws IOException {
        ptj.slurmrunner.bot.Bot progressBot = new ptj.slurmrunner.bot.Bot() {
            @Override
            public void onMessage(Origin origin, String text, ptj.slurmrunner.bot.ReplySink sink) {
                sink.show(ptj.slurmrunner.bot.Reply.progress("⏳ 실행 중: make slurm-full PROFILE=backtest_v5"));
                sink.show(ptj.slurmrunner.bot.Reply.progress("⏳ 실행 중: make slurm-full PROFILE=backtest_v5\n  Job 1 PENDING"));
                sink.show(ptj.slurmrunner.bot.Reply.progress("⏳ 실행 중: make slurm-full PROFILE=backtest_v5\n  Job 1 COMPLETED"));
                sink.show(ptj.slurmrunner.bot.Reply.info("[결과 수집 완료]"));
            }

            @Override
            public void onChoice(Origin origin, String choiceId, ptj.slurmrunner.bot.ReplySink sink) { }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ConsoleSession(progressBot, new BufferedReader(new StringReader("풀런\n풀런\n")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), true, Origin.console()).run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        String one = "> 풀런\n⏳ 실행 중: make slurm-full PROFILE=backtest_v5\n  Job 1 PENDING\n  Job 1 COMPLETED\n[결과 수집 완료]\n\n";
        assertEquals(one + one, out);
    }

    @Test
    void should_say_why_a_yes_after_another_message_does_nothing() throws IOException {
        // "backtest_v5 실행해줘" → "상태 확인" → "예" used to answer only "확인을 기다리는 요청이 없습니다"
        String out = talk("backtest_v5 실행해줘", "상태 확인", "예", "예");
        assertEquals(List.of("slurm-status"), runner.calls, "the dropped run is not run");
        assertTrue(out.contains("> 예\n앞의 확인 요청(make slurm-run PROFILE=backtest_v5)은 다른 메시지가 와서 취소했습니다 "
            + "(아무것도 실행하지 않았습니다)."), out);
        assertTrue(out.contains("> 예\n지금 확인을 기다리는 요청이 없습니다."), "the second 예: nothing pending: " + out);
    }

    @Test
    void should_keep_status_columns_apart_for_long_names_and_states() throws IOException {
        // seen: "822        ptj-study_exit_paramsCOMPLETED00:00:01   1      vm"
        runner.answers.put("slurm-status", (ObjectNode) JSON.readTree("""
            {"ok":true,"jobs":[{"jobId":"822","name":"ptj-study_exit_params","profile":"study_exit_params",
              "state":"COMPLETED","elapsed":"00:00:01","nodes":"1","nodelist":"vm","reason":"None"},
             {"jobId":"829","name":"ptj-sleepy","profile":"sleepy","state":"CANCELLED","elapsed":"00:00:28",
              "nodes":"1","nodelist":"vm","reason":"None"}],
             "tracked":[{"profile":"study_exit_params","jobId":"822","runDir":null,"state":"COMPLETED"},
                        {"profile":"sleepy","jobId":"829","runDir":null,"state":"CANCELLED"}]}"""));
        String out = talk("상태 확인");
        assertTrue(out.contains("    822        ptj-study_exit_params COMPLETED 00:00:01   1      vm"), out);
        assertTrue(out.contains("    829        ptj-sleepy            CANCELLED 00:00:28   1      vm"), out);
    }

    @Test
    void should_not_print_an_empty_job_table_when_every_finished_job_is_summarised() throws IOException {
        runner.answers.put("slurm-status", (ObjectNode) JSON.readTree("""
            {"ok":true,"jobs":[%s],"tracked":[]}""".formatted("{\"jobId\":\"100\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"101\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"102\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"103\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"104\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"105\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"106\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"107\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"108\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"109\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"110\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"111\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"112\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"113\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"},{\"jobId\":\"114\",\"name\":\"other\",\"state\":\"COMPLETED\",\"elapsed\":\"00:00:01\",\"nodes\":\"1\",\"nodelist\":\"vm\"}")));
        String out = talk("상태 확인");
        assertTrue(out.contains("  서버 Job 목록:\n    (실행 중이거나 이 체크아웃이 추적하는 Job 없음)\n    … 이 체크아웃이 추적하지 않는 끝난 Job 15개 생략"), out);
        assertFalse(out.contains("JOBID      NAME"), out);
    }
}
