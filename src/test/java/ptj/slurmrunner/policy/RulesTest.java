package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;

/** One test (or a few) per safety rule of the seed and per row of its error table. */
class RulesTest {
    private final Policy policy = new Policy();
    private final Requester admin = new Requester("U1", true);
    private FakeState state = FakeState.seed();

    private Decision decide(Intent i) {
        return policy.decide(i, admin, state);
    }

    private Decision.NeedsConfirmation confirm(Intent i) {
        return assertInstanceOf(Decision.NeedsConfirmation.class, decide(i));
    }

    private Decision.Denied denied(Intent i) {
        return assertInstanceOf(Decision.Denied.class, decide(i));
    }

    // Rule 1
    @Test
    void should_show_profile_card_and_ask_before_run_full_and_submit() {
        state.runDirs.put("backtest_v5", "runs/backtest_v5-20260224-143052");
        for (Action a : List.of(Action.RUN, Action.FULL, Action.SUBMIT)) {
            Decision.NeedsConfirmation n = confirm(Intents.sure(a, "backtest_v5"));
            assertNotNull(n.plan().card());
            assertEquals("simulation/backtests/backtest_v5.py", n.plan().card().script());
            assertEquals(Map.of("PROFILE", "backtest_v5"), n.plan().vars());
            assertEquals("make slurm-" + a.wireName() + " PROFILE=backtest_v5", n.plan().commandLine());
        }
    }

    // Rule 2
    @Test
    void should_warn_about_existing_jobid_and_force_only_after_yes() {
        state.jobIds.put("backtest_v5", "12345");
        Decision.NeedsConfirmation n = confirm(Intents.sure(Action.RUN, "backtest_v5"));
        assertTrue(n.reasons().contains("⚠️ backtest_v5.jobid 존재 (Job 12345). 이미 실행 중일 수 있습니다.\n"
            + "계속 진행하면 이전 Job 추적을 덮어씁니다."), n.reasons().toString());
        assertEquals("1", n.plan().vars().get("FORCE"));
        assertEquals("12345", n.plan().basis().jobIdFile());
    }

    @Test
    void should_not_force_when_no_jobid_exists() {
        assertFalse(confirm(Intents.sure(Action.RUN, "backtest_v5")).plan().vars().containsKey("FORCE"));
    }

    // Rule 3
    @Test
    void should_refuse_collect_while_running_or_pending_with_watch_hint() {
        state.jobIds.put("backtest_v5", "12345");
        for (String st : List.of("RUNNING", "PENDING")) {
            state.states.put("12345", st);
            Decision.Denied d = denied(Intents.sure(Action.COLLECT, "backtest_v5"));
            assertEquals("job_active", d.code());
            assertEquals("⚠️ Job 12345 아직 " + st + ". 완료 후 collect하세요.", d.message());
            assertEquals("→ make slurm-watch PROFILE=backtest_v5 로 대기 가능", d.hint());
        }
        state.states.put("12345", "COMPLETED");
        assertInstanceOf(Decision.Allowed.class, decide(Intents.sure(Action.COLLECT, "backtest_v5")));
    }

    // Rule 4
    @Test
    void should_show_exact_deletion_list_and_clean_only_with_confirm_yes() {
        state.clean = new CleanList(List.of("runs/backtest_v5-20260224-143052", "runs/optimizer_v5-20260223-110000"),
            List.of("backtest_v5.rundir"), List.of());
        Decision.NeedsConfirmation n = confirm(Intents.sure(Action.CLEAN, null));
        assertEquals(state.clean, n.plan().deletions());
        assertEquals("yes", n.plan().vars().get("CONFIRM"));
        assertEquals(state.clean, n.plan().basis().cleanList());
    }

    @Test
    void should_say_nothing_to_clean_when_lists_are_empty() {
        assertEquals("nothing_to_clean", denied(Intents.sure(Action.CLEAN, null)).code());
    }

    // Rule 5
    @Test
    void should_ask_for_partition_or_account_change_showing_old_and_new() {
        Decision.NeedsConfirmation n = confirm(Intents.with(Action.RUN, "backtest_v5", Map.of("PARTITION", "gpu")));
        assertEquals(List.of(new Plan.Change("PARTITION", "all", "gpu")), n.plan().changes());
        assertEquals("gpu", n.plan().vars().get("PARTITION"));
        assertTrue(n.reasons().contains("변경: PARTITION all → gpu"), n.reasons().toString());
        assertTrue(n.plan().warnings().isEmpty());
    }

    @Test
    void should_warn_that_shared_and_taehyun_are_invalid_here() {
        Decision.NeedsConfirmation n = confirm(Intents.with(Action.RUN, "backtest_v5",
            Map.of("PARTITION", "shared", "ACCOUNT", "taehyun")));
        assertEquals(2, n.plan().warnings().size());
        assertTrue(n.plan().warnings().get(0).contains("shared") && n.plan().warnings().get(0).contains("무효"));
        assertTrue(n.plan().warnings().get(1).contains("taehyun") && n.plan().warnings().get(1).contains("무효"));
    }

    @Test
    void should_point_out_a_profile_whose_partition_is_not_the_default() {
        state.cards.put("backtest_v5", new ProfileCard("backtest_v5", null, "x.py", "", "20", "40G", "02:00:00",
            "gpu", "default", null, 1, List.of()));
        Decision.NeedsConfirmation n = confirm(Intents.sure(Action.RUN, "backtest_v5"));
        assertTrue(n.reasons().stream().anyMatch(r -> r.contains("gpu") && r.contains("all")), n.reasons().toString());
    }

    // Rule 6
    @Test
    void should_refuse_cancel_without_exactly_one_numeric_job_id() {
        assertEquals("cancel_needs_jobid", denied(Intents.job(Action.CANCEL, null, null)).code());
        for (String bulk : List.of("all", "12345,12346", "12345 12346", "-u root", "*", "$(id)")) {
            assertEquals("cancel_bulk", denied(Intents.job(Action.CANCEL, null, bulk)).code(), bulk);
        }
    }

    @Test
    void should_ask_before_cancelling_one_job_and_name_its_profile() {
        state.jobIds.put("backtest_v5", "12345");
        Decision.NeedsConfirmation n = confirm(Intents.job(Action.CANCEL, null, "12345"));
        assertEquals(Map.of("JOBID", "12345"), n.plan().vars());
        assertTrue(n.reasons().get(0).contains("backtest_v5"));
        assertTrue(n.plan().warnings().isEmpty());
        Decision.NeedsConfirmation foreign = confirm(Intents.job(Action.CANCEL, null, "777"));
        assertTrue(foreign.plan().warnings().get(0).contains("777"), "an untracked job id is pointed out");
    }

    // Rule 7
    @Test
    void should_ask_for_resource_change_showing_old_and_new() {
        Decision.NeedsConfirmation n = confirm(Intents.with(Action.RUN, "optimizer_v5",
            Map.of("CPUS", "40", "MEM", "80G", "TIME", "04:00:00")));
        assertEquals(List.of(new Plan.Change("CPUS", "20", "40"), new Plan.Change("MEM", "40G", "80G")),
            n.plan().changes(), "TIME equals the profile's 04:00:00: no change to show");
        assertEquals("40", n.plan().vars().get("CPUS"));
        assertFalse(n.plan().vars().containsKey("TIME"));
    }

    @Test
    void should_never_change_resources_nobody_asked_for() {
        Decision.NeedsConfirmation n = confirm(Intents.sure(Action.RUN, "backtest_v5"));
        assertTrue(n.plan().changes().isEmpty());
        assertFalse(n.plan().vars().keySet().stream().anyMatch(k -> List.of("CPUS", "MEM", "TIME").contains(k)));
    }

    @Test
    void should_refuse_malformed_resource_values_before_make_sees_them() {
        for (Map<String, String> bad : List.of(Map.of("MEM", "40GB"), Map.of("TIME", "2h"), Map.of("CPUS", "$(reboot)"),
                Map.of("PARTITION", "all;rm -rf /"))) {
            assertEquals("invalid_variable", denied(Intents.with(Action.RUN, "backtest_v5", bad)).code(), bad.toString());
        }
    }

    @Test
    void should_refuse_overrides_the_action_does_not_take() {
        assertEquals("override_not_allowed",
            denied(Intents.with(Action.STATUS, null, Map.of("CPUS", "40"))).code());
        assertEquals("override_not_allowed",
            denied(Intents.with(Action.COLLECT, "backtest_v5", Map.of("PARTITION", "gpu"))).code());
    }

    // Error table
    @Test
    void should_list_profiles_for_an_unknown_profile() {
        Decision.Denied d = denied(Intents.sure(Action.RUN, "backtest_v9"));
        assertEquals("profile_not_found", d.code());
        assertEquals("→ 사용 가능한 Profile: backtest_v5, optimizer_v5, study_exit_params", d.hint());
    }

    @Test
    void should_name_the_bad_value_of_a_profile_that_exists_but_cannot_be_read() {
        state.unreadable.put("backtest_v5", "Profile backtest_v5: MEM 값 '40GB' 형식 오류 (예: 40G)");
        Decision.Denied d = denied(Intents.sure(Action.RUN, "backtest_v5"));
        assertEquals("invalid_profile", d.code());
        assertTrue(d.message().contains("MEM") && d.message().contains("40GB"), d.message());
        assertEquals("→ slurm/profiles/backtest_v5.conf 의 값을 형식에 맞게 고쳐 주세요.", d.hint());
    }

    @Test
    void should_ask_which_profile_when_none_is_named() {
        Decision.Denied d = denied(Intents.sure(Action.RUN, null));
        assertEquals("profile_required", d.code());
        assertTrue(d.hint().contains("backtest_v5"));
    }

    @Test
    void should_say_push_first_when_submitting_without_rundir() {
        Decision.Denied d = denied(Intents.sure(Action.SUBMIT, "backtest_v5"));
        assertEquals("no_rundir", d.code());
        assertTrue(d.message().contains("push 먼저"), d.message());
    }

    @Test
    void should_say_submit_first_when_watching_or_logging_without_jobid() {
        for (Action a : List.of(Action.WATCH, Action.LOG, Action.COLLECT)) {
            Decision.Denied d = denied(Intents.sure(a, "backtest_v5"));
            assertEquals("no_jobid", d.code());
            assertTrue(d.message().contains("submit 먼저"), d.message());
        }
    }

    @Test
    void should_show_the_last_collected_jobs_log_but_not_watch_or_collect_it() {
        state.lastJobs.put("backtest_v5", "407");
        Decision d = decide(Intents.sure(Action.LOG, "backtest_v5"));
        assertEquals("407", assertInstanceOf(Decision.Allowed.class, d).plan().vars().get("JOBID"));
        assertEquals("no_jobid", denied(Intents.sure(Action.WATCH, "backtest_v5")).code());
        assertEquals("no_jobid", denied(Intents.sure(Action.COLLECT, "backtest_v5")).code());
    }

    @Test
    void should_follow_an_explicit_job_id_without_jobid_file() {
        Decision d = decide(Intents.job(Action.LOG, null, "777"));
        assertEquals(Map.of("JOBID", "777"), assertInstanceOf(Decision.Allowed.class, d).plan().vars());
    }

    @Test
    void should_ask_on_unsure_intents_with_the_parsers_question() {
        Decision.Denied d = denied(Intents.unsure(Action.RUN, "backtest_v5"));
        assertEquals("unsure", d.code());
        assertEquals("backtest_v5 실행을 말씀하신 건가요?", d.message());
    }

    @Test
    void should_refuse_bulk_negated_and_suspicious_intents_whatever_their_confidence() {
        for (Intent.Flag f : List.of(Intent.Flag.BULK, Intent.Flag.NEGATED, Intent.Flag.SUSPICIOUS)) {
            Intent i = new Intent(Action.RUN, "backtest_v5", null, Map.of(), false, Intent.Confidence.SURE, "t", null,
                java.util.Set.of(f));
            assertEquals(f.name().toLowerCase(java.util.Locale.ROOT), denied(i).code());
        }
        Intent bulkCancel = new Intent(Action.CANCEL, null, null, Map.of(), false, Intent.Confidence.UNSURE, "t", null,
            java.util.Set.of(Intent.Flag.BULK));
        assertTrue(denied(bulkCancel).message().contains("일괄 취소는 절대 하지 않습니다"));
    }

    @Test
    void should_ask_the_parsers_question_when_the_profile_is_missing() {
        Intent i = new Intent(Action.COLLECT, null, null, Map.of(), false, Intent.Confidence.SURE, "t",
            "결과 수집 대상 프로필을 알려 주세요.", java.util.Set.of(Intent.Flag.NEEDS_PROFILE));
        Decision.Denied d = denied(i);
        assertEquals("profile_required", d.code());
        assertEquals("결과 수집 대상 프로필을 알려 주세요.", d.message());
    }

    @Test
    void should_let_only_admins_clean_cancel_and_rebuild_images() {
        Requester user = Requester.of("U9", "U1,U2");
        for (Action a : List.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH, Action.IMAGE_BUILD,
                Action.IMAGE_PUSH, Action.IMAGE_SETUP)) {
            Decision d = policy.decide(Intents.job(a, null, "1"), user, state);
            assertEquals("not_admin", assertInstanceOf(Decision.Denied.class, d).code(), a.toString());
        }
        assertTrue(Requester.of("U1", "U1,U2").admin());
        assertTrue(Requester.of("U9", "").admin(), "no admin list: everybody");
        assertTrue(Requester.of("console", "U1").admin(), "the console user is admin");
    }

    @Test
    void should_ask_before_image_rebuilds() {
        confirm(Intents.sure(Action.IMAGE_REFRESH, null));
        assertInstanceOf(Decision.Allowed.class, decide(Intents.sure(Action.IMAGE_STATUS, null)));
    }

    // Dry run
    @Test
    void should_turn_a_confirmation_into_a_dry_run_that_runs_nothing() {
        state.jobIds.put("backtest_v5", "12345");
        Decision d = decide(Intents.dry(Action.RUN, "backtest_v5"));
        Plan p = assertInstanceOf(Decision.Allowed.class, d).plan();
        assertTrue(p.dryRun());
        assertEquals("1", p.vars().get("DRY_RUN"));
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains("12345")), "would-ask lines are shown");
        Plan status = ((Decision.Allowed) decide(Intents.dry(Action.STATUS, null))).plan();
        assertTrue(status.dryRun());
        assertFalse(status.vars().containsKey("DRY_RUN"), "status has no DRY_RUN: the pipeline runs nothing at all");
    }

    @Test
    void should_still_refuse_in_a_dry_run() {
        assertEquals("profile_not_found", denied(Intents.dry(Action.RUN, "nope")).code());
    }

    // Re-check at confirm time
    @Test
    void should_run_a_confirmed_plan_only_if_the_state_is_unchanged() {
        Intent run = Intents.sure(Action.RUN, "backtest_v5");
        Plan asked = confirm(run).plan();
        Policy.Recheck same = policy.recheck(run, asked, admin, state);
        assertFalse(same.stale());
        assertEquals(asked, assertInstanceOf(Decision.Allowed.class, same.fresh()).plan());

        state.jobIds.put("backtest_v5", "999");
        Policy.Recheck moved = policy.recheck(run, asked, admin, state);
        assertTrue(moved.stale());
        Decision.NeedsConfirmation again = assertInstanceOf(Decision.NeedsConfirmation.class, moved.fresh());
        assertEquals("1", again.plan().vars().get("FORCE"));
    }

    @Test
    void should_refuse_a_confirmed_run_when_the_profile_changed_since() {
        Intent run = Intents.sure(Action.RUN, "backtest_v5");
        Plan asked = confirm(run).plan();
        state.cards.put("backtest_v5", FakeState.card("backtest_v5", "simulation/backtests/backtest_v5.py", "09:00:00"));
        assertTrue(policy.recheck(run, asked, admin, state).stale());
    }

    @Test
    void should_refuse_a_confirmed_clean_when_the_deletion_list_changed() {
        state.clean = new CleanList(List.of("runs/a"), List.of(), List.of());
        Intent clean = Intents.sure(Action.CLEAN, null);
        Plan asked = confirm(clean).plan();
        state.clean = new CleanList(List.of("runs/a", "runs/b"), List.of(), List.of());
        assertTrue(policy.recheck(clean, asked, admin, state).stale());
    }
}
