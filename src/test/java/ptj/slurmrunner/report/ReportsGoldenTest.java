package ptj.slurmrunner.report;

import ptj.slurmrunner.messages.Messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.policy.CleanList;
import ptj.slurmrunner.policy.Decision;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.policy.ProfileCard;
import ptj.slurmrunner.run.LiveProjectState;
import ptj.slurmrunner.run.MakeResult;

/**
 * Reports from fixture JSON (src/test/resources/fixtures, shaped by docs/toolkit-contract.md) compared with golden
 * text (src/test/resources/golden). Run with -DupdateGolden=true to rewrite the golden files after a deliberate change,
 * then read the diff.
 */
class ReportsGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROFILES = List.of("backtest_v5", "optimizer_v5", "study_exit_params");
    private final Reports reports = new Reports(new LogDiagnoser());

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = ReportsGoldenTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return JSON.readTree(in);
        }
    }

    private static Plan plan(Action a, String profile, Map<String, String> extra) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (profile != null) vars.put("PROFILE", profile);
        vars.putAll(extra);
        return new Plan(a, a.makeTarget().orElse(null), vars, vars.containsKey("DRY_RUN"), profile, false, null, null,
            List.of(), List.of(), Plan.Basis.NONE);
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/golden", name + ".txt");
        if (Boolean.getBoolean("updateGolden")) {
            Files.writeString(file, actual + "\n", StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual + "\n", "golden/" + name + ".txt");
    }

    private Reply result(Action a, String profile, String fixture, Map<String, String> extra) throws IOException {
        return reports.result(plan(a, profile, extra), MakeResult.ofJson(fixture(fixture)), PROFILES, "/home/u/ptj_stock_lab");
    }

    @Test
    void submitted() throws IOException {
        Reply r = result(Action.RUN, "backtest_v5", "submit", Map.of());
        assertEquals(Reply.Tone.SUCCESS, r.tone());
        golden("submitted", r.text());
    }

    @Test
    void submitted_without_container_says_so() throws IOException {
        // dev cluster (CONTAINER_RUNTIME=none): the toolkit names the image but renders the nocontainer template
        Reply r = result(Action.RUN, "backtest_v5", "submit_nocontainer", Map.of());
        assertTrue(r.text().contains("  Container:  없음 — 템플릿 nocontainer: 컨테이너 없이 python3 직접 실행 "
            + "(ptj_stock_lab.sqsh 사용 안 함)"), r.text());
        assertTrue(!r.text().contains("(Pyxis)"), r.text());
        golden("submitted_nocontainer", r.text());
    }

    @Test
    void submitted_over_an_existing_job_names_the_replaced_one() throws IOException {
        var j = (com.fasterxml.jackson.databind.node.ObjectNode) fixture("submit");
        j.put("replacedJobId", "813");
        Reply r = reports.result(plan(Action.RUN, "backtest_v5", Map.of("FORCE", "1")), MakeResult.ofJson(j), PROFILES, "/p");
        assertTrue(r.text().endsWith("\n⚠️ 이전 Job 추적을 덮어썼습니다 (FORCE=1). 이전 Job 813 은 계속 실행 중일 수 있습니다 "
            + "(취소: \"813 취소\")."), r.text());
    }

    @Test
    void status() throws IOException {
        golden("status", result(Action.STATUS, null, "status", Map.of()).text());
    }

    @Test
    void status_columns_never_run_together() throws IOException {
        String text = result(Action.STATUS, null, "status_wide", Map.of()).text();
        assertTrue(text.contains("ptj-study_exit_params COMPLETED "), text);
        assertTrue(text.contains("CANCELLED "), text);
        assertTrue(text.contains("OUT_OF_MEMORY 100:00:00 "), text);
        golden("status_wide", text);
    }

    @Test
    void status_with_every_row_hidden_says_no_job_runs_instead_of_an_empty_table() {
        var j = JSON.createObjectNode().put("ok", true);
        var jobs = j.putArray("jobs");
        for (int i = 0; i < 14; i++) {
            jobs.addObject().put("jobId", String.valueOf(900 + i)).put("name", "ptj-sleepy").put("state", "COMPLETED")
                .put("elapsed", "00:00:05").put("nodes", "1").put("nodelist", "devnode");
        }
        j.putArray("tracked");
        String text = reports.result(plan(Action.STATUS, null, Map.of()), MakeResult.ofJson(j), PROFILES, "/p").text();
        assertTrue(text.contains("  서버 Job 목록:\n    (실행 중이거나 이 체크아웃이 추적하는 Job 없음)\n    … 이 체크아웃이 추적하지 않는 끝난 Job 14개 생략"), text);
        assertTrue(!text.contains("JOBID"), text);
    }

    @Test
    void collected() throws IOException {
        golden("collected", result(Action.COLLECT, "backtest_v5", "collect", Map.of()).text());
    }

    @Test
    void profile_card_confirmation_with_duplicate_warning() throws IOException {
        ProfileCard card = LiveProjectState.card(fixture("show"));
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PROFILE", "study_exit_params");
        vars.put("FORCE", "1");
        Plan p = new Plan(Action.RUN, "slurm-run", vars, false,
            "study_exit_params", false, card, null, List.of(), List.of(), Plan.Basis.NONE);
        Reply r = reports.confirmation(p, List.of(
            Messages.get("core.policy.profile_card.confirm", "study_exit_params", Messages.get("core.action.run")),
            Messages.get("core.policy.duplicate", "study_exit_params", "12345")), "abc:yes", "abc:no");
        assertEquals(List.of("abc:yes", "abc:no"), r.choices().stream().map(Reply.Choice::id).toList());
        assertEquals(Reply.Tone.QUESTION, r.tone());
        golden("confirm_run", r.text());
    }

    @Test
    void deletion_list() throws IOException {
        CleanList list = LiveProjectState.cleanList(fixture("clean_confirm"));
        Plan p = new Plan(Action.CLEAN, "slurm-clean", Map.of("CONFIRM", "yes"), false, null, false, null, list,
            List.of(), List.of(), Plan.Basis.NONE);
        Reply r = reports.confirmation(p, List.of(Messages.get("core.policy.clean.confirm")), "c:yes", "c:no");
        assertEquals("danger", r.choices().get(0).style());
        golden("confirm_clean", r.text());
    }

    @Test
    void collect_refused_while_running() throws IOException {
        Decision.Denied d = new Decision.Denied("job_active", Messages.get("core.policy.job_active", "12345", "RUNNING"),
            Messages.get("core.hint.job_active", "backtest_v5"));
        golden("collect_refused", reports.denied(d).text());
    }

    @Test
    void failed_with_traceback_diagnosis() throws IOException {
        Reply r = result(Action.WATCH, "backtest_v5", "watch_failed", Map.of());
        assertEquals(Reply.Tone.ERROR, r.tone());
        golden("failed_traceback", r.text());
    }

    @Test
    void failed_out_of_memory() throws IOException {
        golden("failed_oom", result(Action.WATCH, "optimizer_v5", "watch_oom", Map.of()).text());
    }

    @Test
    void invalid_partition_error_with_hint() throws IOException {
        golden("error_invalid_partition", result(Action.RUN, "backtest_v5", "submit_invalid_partition",
            Map.of("PARTITION", "shared")).text());
    }

    @Test
    void ssh_failed_error_with_hint() throws IOException {
        golden("error_ssh_failed", result(Action.RUN, "backtest_v5", "ssh_failed", Map.of()).text());
    }

    @Test
    void remote_failed_says_what_failed_on_the_server_not_the_network() throws IOException {
        golden("error_remote_failed_script", result(Action.STATUS, null, "remote_failed_script", Map.of()).text());
        String sbatch = result(Action.RUN, "backtest_v5", "remote_failed_sbatch", Map.of()).text();
        golden("error_remote_failed_sbatch", sbatch);
        assertTrue(sbatch.contains("sbatch 명령이 없습니다"), sbatch);
        assertTrue(sbatch.contains("sbatch: command not found"), sbatch);
        assertFalse(sbatch.contains("VPN"), sbatch);
    }

    @Test
    void dry_run() throws IOException {
        golden("dry_run", result(Action.RUN, "backtest_v5", "run_dry", Map.of("DRY_RUN", "1")).text());
    }

    @Test
    void log_tail() throws IOException {
        golden("log", result(Action.LOG, "backtest_v5", "log", Map.of()).text());
    }

    @Test
    void a_log_asked_by_job_id_names_the_profile_the_toolkit_found_or_none_at_all() {
        ObjectMapper m = new ObjectMapper();
        var found = m.createObjectNode().put("ok", true).put("jobId", "812_3").put("profile", "backtest_v5")
            .put("stream", "both").put("lines", "30").put("text", "[ptj] job 812_3\n");
        String named = reports.result(plan(Action.LOG, null, Map.of("JOBID", "812_3")), MakeResult.ofJson(found),
            PROFILES, "/p").text();
        assertTrue(named.startsWith("[로그] backtest_v5 — Job 812_3 (both, 최근 30줄)"), named);
        ptj.slurmrunner.bot.Card card = reports.result(plan(Action.LOG, null, Map.of("JOBID", "812_3")),
            MakeResult.ofJson(found), PROFILES, "/p").card();
        assertEquals("backtest_v5 로그 — Job 812_3", card.title());
        var bare = m.createObjectNode().put("ok", true).put("jobId", "4242").put("stream", "err").put("lines", "50")
            .put("text", "x\n");
        String unnamed = reports.result(plan(Action.LOG, null, Map.of("JOBID", "4242")), MakeResult.ofJson(bare),
            PROFILES, "/p").text();
        assertTrue(unnamed.startsWith("[로그] Job 4242 (err, 최근 50줄)"), unnamed);
        assertEquals("로그 — Job 4242", reports.result(plan(Action.LOG, null, Map.of("JOBID", "4242")),
            MakeResult.ofJson(bare), PROFILES, "/p").card().title());
    }

    @Test
    void recover() throws IOException {
        golden("recover", result(Action.RECOVER, "backtest_v5", "recover", Map.of()).text());
    }

    @Test
    void cancel() throws IOException {
        golden("cancel", result(Action.CANCEL, null, "cancel", Map.of("JOBID", "12345")).text());
    }

    @Test
    void profiles_and_show() throws IOException {
        golden("profiles", result(Action.PROFILES, null, "profiles", Map.of()).text());
        golden("show", result(Action.SHOW, "study_exit_params", "show", Map.of()).text());
    }

    @Test
    void long_logs_go_to_the_attachment() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 400; i++) b.append("line ").append(i).append(" of a long log\n");
        ObjectMapper m = new ObjectMapper();
        var j = m.createObjectNode().put("ok", true).put("jobId", "1").put("text", b.toString());
        Reply r = reports.result(plan(Action.LOG, "backtest_v5", Map.of()), MakeResult.ofJson(j), PROFILES, "/p");
        assertTrue(r.text().length() < 3000, "Slack's block limit");
        assertEquals(b.toString(), r.attachment());
        assertTrue(r.text().contains("line 399 of a long log"));
    }

    @Test
    void every_error_code_of_the_contract_has_a_hint_or_its_own_report() {
        for (String code : List.of("profile_not_found", "no_rundir", "no_jobid", "duplicate_job", "job_active",
                "ssh_failed", "rsync_failed", "sbatch_failed", "invalid_partition", "invalid_account", "image_missing",
                "template_error", "invalid_variable", "invalid_profile", "invalid_jobid", "job_not_found",
                "docker_missing", "enroot_missing", "internal", "confirm_required", "timeout", "busy", "remote_failed")) {
            assertTrue(Messages.has("core.hint." + code), code);
        }
    }
}
