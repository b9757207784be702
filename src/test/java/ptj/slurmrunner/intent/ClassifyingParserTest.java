package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Intent.Confidence;
import ptj.slurmrunner.intent.Intent.Flag;

/** The classifier layer: what it may decide, and every refusal it leaves as the rules said it. */
class ClassifyingParserTest {
    static final List<String> NAMES = ExampleBank.PROFILE_NAMES;
    static BankClassifier classifier;

    @BeforeAll
    static void build() {
        classifier = BankClassifier.build(ExampleBank.load(), NAMES);
    }

    /** Rules that name nothing: the profile and job id they found, action unknown, unsure. */
    static IntentParser rulesFinding(String profile, String jobId, Flag... flags) {
        return (text, profiles) -> new Intent(Action.UNKNOWN, profile, jobId, Map.of(), false, Confidence.UNSURE,
            "rules", "무엇을 할지 알아듣지 못했습니다.", Set.of(flags));
    }

    static ClassifyingParser layered(IntentParser rules) {
        return new ClassifyingParser(rules, () -> classifier);
    }

    @Test
    void should_read_a_paraphrase_the_rules_could_not_name() {
        Intent i = layered(rulesFinding("optimizer_v5", null)).parse("optimizer_v5 리커버리 좀 해주실래요", NAMES);
        assertEquals(Action.RECOVER, i.action());
        assertEquals("optimizer_v5", i.profile());
        assertTrue(i.isSure());
        assertEquals("classifier", i.source());
    }

    @Test
    void should_keep_a_sure_rules_answer_the_bank_agrees_with() {
        Intent sure = Intent.sure(Action.RUN, "backtest_v5", null);
        assertSame(sure, layered((t, n) -> sure).parse("backtest_v5 실행해줘", NAMES));
    }

    @Test
    void should_correct_a_sure_rules_answer_the_bank_reads_clearly_as_another_harmless_action() {
        // the issue's own examples: a full run read as a run, an image question read as a build
        Intent full = layered((t, n) -> Intent.sure(Action.RUN, "study_exit_params", null))
            .parse("study_exit_params 전체 실행", NAMES);
        assertEquals(Action.FULL, full.action());
        assertEquals("study_exit_params", full.profile());
        Intent asked = layered((t, n) -> Intent.sure(Action.IMAGE_BUILD, null, null))
            .parse("컨테이너 이미지 언제 만들어졌어", NAMES);
        assertFalse(asked.isSure(), "out of a destructive action it offers both readings instead: " + asked);
        assertEquals(List.of(Action.IMAGE_BUILD, Action.IMAGE_STATUS),
            asked.readings().stream().map(Intent.Reading::action).toList());
    }

    @Test
    void should_never_second_guess_into_a_cancel() {
        Intent status = Intent.sure(Action.STATUS, null, "12345");
        Intent got = layered((t, n) -> status).parse("12345 캔슬 ㄱㄱ", NAMES);
        assertTrue(got == status || !got.isSure(), got.toString());
    }

    @Test
    void should_never_overrule_a_refusal_flag() {
        for (Flag f : List.of(Flag.BULK, Flag.NEGATED, Flag.SUSPICIOUS,
                Flag.MULTIPLE_PROFILES, Flag.INVALID_VALUE, Flag.NEEDS_JOBID)) {
            IntentParser rules = rulesFinding(null, null, f);
            ClassifyingParser p = new ClassifyingParser(rules, () -> {
                throw new AssertionError("classifier consulted for " + f);
            });
            Intent i = p.parse("12345 캔슬 ㄱㄱ", NAMES);
            assertEquals(Action.UNKNOWN, i.action(), f.name());
            assertFalse(i.isSure(), f.name());
        }
    }

    @Test
    void should_leave_a_negated_or_deferred_message_to_the_rules() {
        for (String text : List.of("backtest_v5 리커버리 하지 마", "12345 캔슬 안 해도 돼", "내일 backtest_v5 서밋",
                "아니 그냥 둬 backtest_v5 리커버", "don't kick off backtest_v5")) {
            Intent i = layered(rulesFinding("backtest_v5", null)).parse(text, NAMES);
            assertEquals(Action.UNKNOWN, i.action(), text);
            assertFalse(i.isSure(), text);
        }
    }

    @Test
    void should_read_됐어_as_never_mind_unless_it_asks_or_reports_progress() {
        for (String text : List.of("됐어 backtest_v5 리커버 하지마", "아 됐어, backtest_v5 서밋", "backtest_v5 서밋 됐어 그냥")) {
            assertTrue(RuleParser.holdsBack(text), text);
        }
        for (String text : List.of("optimizer_v5 몇 퍼센트 됐어", "optimizer_v5 어디까지 됐어", "backtest_v5 다 됐어",
                "backtest_v5 이제 됐어?", "backtest_v5 제출만 해줘 푸시는 됐어")) {
            assertFalse(RuleParser.holdsBack(text), text);
        }
        Intent i = layered(rulesFinding("optimizer_v5", null)).parse("optimizer_v5 몇 퍼센트 됐어", NAMES);
        assertEquals(Action.STATUS, i.action());
        assertTrue(i.isSure());
    }

    @Test
    void should_cancel_only_the_job_id_the_rules_read_from_the_text() {
        Intent i = layered(rulesFinding(null, "40211")).parse("40211 캔슬 ㄱㄱ", NAMES);
        assertEquals(Action.CANCEL, i.action());
        assertEquals("40211", i.jobId());
    }

    @Test
    void should_cancel_only_the_sweep_task_the_rules_read_and_see_two_tasks_as_bulk() {
        Intent one = layered(rulesFinding(null, "812_3")).parse("812_3 캔슬 ㄱㄱ", NAMES);
        assertEquals(Action.CANCEL, one.action());
        assertEquals("812_3", one.jobId());
        assertTrue(one.isSure(), one.toString());
        Intent two = layered(rulesFinding(null, "812_3")).parse("812_3 812_4 캔슬 ㄱㄱ", NAMES);
        assertFalse(two.isSure(), two.toString());
        assertNull(two.jobId(), two.toString());
        assertTrue(two.readings().stream().noneMatch(r -> r.action() == Action.CANCEL), two.readings().toString());
    }

    @Test
    void should_ask_for_the_job_id_when_a_cancel_names_none() {
        Intent i = layered(rulesFinding(null, null)).parse("그 잡 캔슬 ㄱㄱ", NAMES);
        assertFalse(i.isSure());
        assertNull(i.jobId());
        if (i.action() == Action.CANCEL) assertTrue(i.has(Flag.NEEDS_JOBID));
    }

    @Test
    void should_read_a_bulk_word_as_bulk_even_when_the_rules_missed_it() {
        Intent i = layered(rulesFinding(null, "40211")).parse("40211 포함해서 싹 다 캔슬 ㄱㄱ", NAMES);
        assertFalse(i.isSure());
        if (i.action() == Action.CANCEL) {
            assertTrue(i.has(Flag.BULK));
            assertNull(i.jobId());
        }
        assertTrue(i.readings().stream().noneMatch(r -> r.action() == Action.CANCEL), i.readings().toString());
    }

    @Test
    void should_correct_a_misspelled_profile_but_never_another_version() {
        Intent typo = layered(rulesFinding(null, null, Flag.UNKNOWN_PROFILE)).parse("optimzer_v5 리커버리 해줘", NAMES);
        assertEquals("optimizer_v5", typo.profile());
        Intent other = layered(rulesFinding(null, null, Flag.UNKNOWN_PROFILE)).parse("optimizer_v4 리커버리 해줘", NAMES);
        assertNull(other.profile());
        assertFalse(other.isSure());
    }

    @Test
    void should_read_a_misspelled_profile_again_as_the_one_existing_name_it_spells() {
        ClassifyingParser p = layered(new RuleParser());
        Intent typo = p.parse("backtset_v5 돌려줘", NAMES);
        assertEquals(Action.RUN, typo.action());
        assertEquals("backtest_v5", typo.profile());
        assertTrue(typo.isSure()); // the run's confirmation still shows backtest_v5 before anything starts
        Intent other = p.parse("backtest_v4 돌려줘", NAMES); // another version, not a typo: asked
        assertFalse(other.isSure());
        assertTrue(other.profile() == null || NAMES.contains(other.profile()));
        Intent negated = p.parse("backtset_v5 돌리지 마", NAMES);
        assertFalse(negated.isSure());
        assertEquals("backtest_v5.py 돌려줘", ProfileNames.spell("backtest_v5.py 돌려줘", NAMES));
    }

    @Test
    void should_read_a_run_without_anything_to_run_as_the_question_the_bank_reads_clearly() {
        ClassifyingParser p = layered(new RuleParser());
        Intent i = p.parse("돌릴 수 있는 거 뭐 있어", NAMES);
        assertEquals(Action.PROFILES, i.action());
        assertTrue(i.isSure());
        // a plain run without a profile still asks for it
        Intent run = p.parse("실행해줘", NAMES);
        assertFalse(run.isSure());
        assertTrue(run.has(Flag.NEEDS_PROFILE));
    }

    @Test
    void should_never_pick_one_of_two_requests_made_one_after_the_other() {
        ClassifyingParser p = layered(new RuleParser());
        for (String text : List.of("결과 가져오고 run dir 청소해줘", "backtest_v5 push 하고 submit",
                "optimizer_v5 로그 보고 그리고 정리해줘")) {
            Intent i = p.parse(text, NAMES);
            assertFalse(i.isSure(), text + " → " + i);
        }
        Intent described = p.parse("실행 디렉토리 청소해줘", NAMES); // one request, the other word describes
        assertEquals(Action.CLEAN, described.action());
    }

    @Test
    void should_read_rolling_an_image_as_slang_but_any_other_말아_as_holding_back() {
        ClassifyingParser p = layered(new RuleParser());
        assertEquals(Action.IMAGE_REFRESH, p.parse("이미지 다시 말아줘", NAMES).action());
        for (String text : List.of("이미지 말아주지 마", "그건 말아줘", "backtest_v5 실행은 말아줘")) {
            assertFalse(p.parse(text, NAMES).isSure(), text);
        }
    }

    @Test
    void should_never_read_a_request_to_reboot_or_stop_a_machine_as_one_of_the_bots_actions() {
        ClassifyingParser p = layered(new RuleParser());
        for (String text : List.of("노드 리부트 해줘", "클러스터 재부팅 부탁해요", "reboot the login node please",
            "서버 좀 껐다 켜줘", "머신 재시작 시켜줘", "gpu 노드 셧다운 해")) {
            Intent i = p.parse(text, NAMES);
            assertFalse(i.isSure(), text + " → " + i);
            assertEquals(Action.UNKNOWN, i.action(), text + " → " + i);
            assertTrue(i.question() != null && i.question().contains("클러스터 관리자"), text + " → " + i);
        }
        // "로그인" is logging in, not a log
        assertFalse(p.parse("로그인 서버 재부팅 해주세요", NAMES).action() == Action.LOG);
        // a reboot as what happened, not as the request, still reaches the action asked for
        Intent after = p.parse("서버 재부팅 후에 backtest_v5 다시 잡아줘", NAMES);
        assertEquals(Action.RECOVER, after.action());
        assertTrue(after.isSure(), after.toString());
    }

    @Test
    void should_keep_the_lines_and_the_stream_of_a_log_the_rules_could_not_name() {
        ClassifyingParser p = layered(new RuleParser());
        Intent err = p.parse("study_exit_params err 파일 보여줘", NAMES);
        assertEquals(Action.LOG, err.action());
        assertEquals("err", err.overrides().get(Overrides.STREAM));
        Intent lines = p.parse("backtest_v5 마지막 50줄 까봐", NAMES);
        assertEquals(Action.LOG, lines.action());
        assertEquals("50", lines.overrides().get(Overrides.LINES));
    }

    @Test
    void should_make_a_run_a_full_run_only_when_the_message_speaks_of_results() {
        IntentParser run = (t, n) -> Intent.sure(Action.RUN, "backtest_v5", null);
        assertEquals(Action.RUN, layered(run).parse("backtest_v5 실행하고 끝나면 알려줘", NAMES).action());
        assertEquals(Action.FULL, layered(run).parse("backtest_v5 돌리고 아웃풋까지 챙겨", NAMES).action());
    }

    @Test
    void should_keep_a_run_that_asks_to_hear_when_it_ends_a_run() {
        IntentParser run = (t, n) -> Intent.sure(Action.RUN, "backtest_v5", null);
        for (String text : List.of("backtest_v5 돌려놓고 끝나면 알려줘", "backtest_v5 돌려주고 다 돌면 핑 줘")) {
            assertEquals(Action.RUN, layered(run).parse(text, NAMES).action(), text);
        }
    }

    @Test
    void should_not_start_work_without_a_profile() {
        Intent i = layered(rulesFinding(null, null)).parse("한판 돌려봐 ㄱㄱ", NAMES);
        assertFalse(i.isSure());
        assertNull(i.profile());
    }

    @Test
    void should_offer_two_or_three_complete_readings_when_unsure() {
        Intent i = layered(rulesFinding(null, null)).parse("이거 뭐야", NAMES);
        assertFalse(i.isSure());
        assertTrue(i.readings().size() >= 2 && i.readings().size() <= 3, i.readings().toString());
        for (Intent.Reading r : i.readings()) {
            assertTrue(r.action() != Action.UNKNOWN, r.toString());
            assertTrue(r.action() != Action.CANCEL || r.jobId() != null, "a cancel reading names its job: " + r);
            assertTrue(Readings.request(r) != null, "every reading can be sent: " + r);
        }
    }

    @Test
    void should_build_the_classifier_from_the_bank_with_every_action_but_the_undoable() {
        ExampleBank bank = ExampleBank.load();
        Set<Action> covered = new java.util.HashSet<>();
        bank.examples().forEach(e -> covered.add(e.action()));
        for (Action a : Action.values()) {
            // a sweep's grid is read by the rules alone (SweepPhrases): the classifier never proposes one
            if (a == Action.SWEEP) assertFalse(covered.contains(a), "no sweep in the bank");
            else assertTrue(covered.contains(a), "bank has " + a);
        }
        assertTrue(bank.examples().size() >= 2000, "several hundred per action: " + bank.examples().size());
    }

    @Test
    void should_parse_a_new_section_so_adding_an_action_is_data() {
        ExampleBank b = ExampleBank.parse("@E = 해줘|해\n[status]\n{P} (상태|진행) $E\n[help]\n(도움말|help)\n");
        assertEquals(6, b.examples().size());
        assertEquals(Action.HELP, b.examples().get(5).action());
    }

    @Test
    void should_pick_one_of_two_action_words_only_when_the_bank_reads_it_clearly_and_never_a_cancel() {
        Intent two = new Intent(Action.UNKNOWN, null, null, Map.of(), false, Confidence.UNSURE, "rules", "q",
            Set.of(Flag.MULTIPLE_ACTIONS));
        Intent clean = layered((t, n) -> two).parse("실행 디렉토리 청소해줘", NAMES);
        assertEquals(Action.CLEAN, clean.action());
        assertTrue(clean.isSure(), "the policy still asks 예/아니오 for a clean");
        Intent cancel = layered((t, n) -> two).parse("12345 로그 보고 취소해줘", NAMES);
        assertFalse(cancel.isSure());
        assertEquals(Action.UNKNOWN, cancel.action());
    }
}
