package ptj.slurmrunner.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.results.Results;
import ptj.slurmrunner.run.MakeResult;

/**
 * Real Bolt (signed HTTP), the real pipeline (rule parser, policy, result service), a scripted make runner and
 * WireMock for the Web API: the result card + chart upload into the thread, "CSV 받기", compare, the App Home tab,
 * and the run modal's round trip (field error, then a valid submit → confirmation card with the diff).
 */
class SlackSurfacesIT {
    static final String SECRET = "surfaces-secret";
    @TempDir
    Path proj;
    SlackStandIn slack;
    SlackFrontEnd front;
    final FakeState state = FakeState.seed();
    final List<String> makeCalls = new CopyOnWriteArrayList<>();
    final List<SubmittedJobs.Tracked> tracked = new CopyOnWriteArrayList<>();
    Results results;

    @BeforeEach
    void up() throws Exception {
        Files.createDirectories(proj.resolve("slurm/profiles"));
        for (String p : List.of("backtest_v5", "optimizer_v5", "study_exit_params")) {
            Files.copy(Path.of("slurm/profiles/" + p + ".conf"), proj.resolve("slurm/profiles/" + p + ".conf"));
        }
        results = Results.forProject(proj, proj.resolve("state"));
        SubmittedJobs jobs = new SubmittedJobs() {
            @Override
            public void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone) { }

            @Override
            public List<Tracked> tracked() {
                return tracked;
            }
        };
        Pipeline pipeline = new Pipeline(new RuleParser(), new Policy(), () -> state, new PlanStore(),
            (target, vars, progress) -> {
                makeCalls.add(target + " " + vars);
                if (target.equals("slurm-collect")) return MakeResult.ofJson(collectJson(vars.get("JOBID") != null
                    ? vars.get("JOBID") : state.jobIds.get("backtest_v5")));
                return MakeResult.ofJson(SlackStandIn.JSON.createObjectNode().put("ok", true));
            }, new Reports(new LogDiagnoser()), new AuditLog(proj.resolve("state/audit.jsonl")), jobs, "", proj,
            Clock.systemUTC(), false, results);
        slack = new SlackStandIn();
        slack.wm.stubFor(post(urlPathEqualTo("/api/views.publish")).willReturn(okJson("{\"ok\":true}")));
        slack.wm.stubFor(post(urlPathEqualTo("/api/views.open")).willReturn(okJson("{\"ok\":true}")));
        slack.wm.stubFor(post(urlPathEqualTo("/api/views.update")).willReturn(okJson("{\"ok\":true}")));
        slack.wm.stubFor(post(urlPathEqualTo("/api/conversations.open")).willReturn(okJson(
            "{\"ok\":true,\"channel\":{\"id\":\"D77\"}}")));
        slack.wm.stubFor(post(urlPathEqualTo("/api/chat.getPermalink")).willReturn(okJson(
            "{\"ok\":true,\"channel\":\"C1\",\"permalink\":\"https://team.slack.com/archives/C1/p1700000100000200?thread_ts=1700000100.000200\"}")));
        front = new SlackFrontEnd(slack.httpSettings(SECRET, proj.resolve("state")), pipeline, AccessGuard.RefusalLog.NONE);
        front.start();
    }

    @AfterEach
    void down() throws Exception {
        if (front != null) front.close();
        if (slack != null) slack.close();
    }

    ObjectNode collectJson(String job) {
        try {
            return (ObjectNode) SlackStandIn.JSON.readTree("{\"ok\":true,\"profile\":\"backtest_v5\",\"jobId\":\"" + job
                + "\",\"state\":\"COMPLETED\",\"results\":[\"data/results/backtests/\"],\"logs\":[],\"runDir\":null,"
                + "\"removed\":false}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void jobDone(String job, double sharpe, double totalReturn) throws Exception {
        Path d = Files.createDirectories(proj.resolve("data/results/backtests"));
        Files.writeString(d.resolve("backtest_v5_" + job + "_summary.json"), "{\"trades\":66,\"totalReturn\":"
            + totalReturn + ",\"winRate\":0.53,\"sharpe\":" + sharpe + ",\"job\":\"" + job + "\"}");
        StringBuilder csv = new StringBuilder("symbol,exit,ret,cumReturn\n");
        for (int i = 1; i <= 30; i++) csv.append("PTJA,2020-01-01,0.01,").append(i * 0.01).append('\n');
        Files.writeString(d.resolve("backtest_v5_" + job + "_trades.csv"), csv);
        state.jobIds.put("backtest_v5", job);
        state.states.put(job, "COMPLETED");
    }

    @Test
    void should_post_a_result_card_and_upload_the_chart_into_the_same_thread() throws Exception {
        jobDone("41", 0.5, 0.1);
        results.afterCollect("backtest_v5", "41"); // an earlier collected run to compare with
        jobDone("42", 0.8921, 0.369653);
        send(SignedEvents.mention("EvR1", "U1", "1.100", "backtest_v5 결과 가져와"));
        idle();
        Map<String, String> card = findPost("📊");
        assertNotNull(card, "a result card: " + slack.calls("chat.postMessage"));
        assertEquals("1.100", card.get("thread_ts"));
        JsonNode blocks = SlackStandIn.blocks(card);
        String all = blocks.toString();
        assertTrue(all.contains("sharpe") && all.contains("0.892") && all.contains("totalReturn") && all.contains("0.37"),
            all);
        assertTrue(all.contains("▲ +0.392"), "sharpe compared with job 41: " + all);
        assertTrue(all.contains("backtest_v5_42_summary.json"), all);
        BlockKitLimits.check(blocks);
        dump("result card", card.get("text"), blocks);
        assertTrue(card.get("text").contains("backtest_v5") && card.get("text").contains("42"), card.get("text"));

        // the chart: the three calls of Slack's upload flow, into the same thread
        assertEquals(1, slack.calls("files.getUploadURLExternal").size());
        Map<String, String> url = slack.calls("files.getUploadURLExternal").get(0);
        assertTrue(url.get("filename").endsWith(".png"), url.toString());
        assertTrue(Long.parseLong(url.get("length")) > 5000, url.toString());
        var bytes = slack.wm.findAll(postRequestedFor(urlPathEqualTo("/upload/F1")));
        assertEquals(1, bytes.size());
        byte[] body = bytes.get(0).getBody();
        assertTrue(new String(body, StandardCharsets.ISO_8859_1).contains("PNG"), "the PNG went to the upload URL");
        Map<String, String> complete = slack.calls("files.completeUploadExternal").get(0);
        assertEquals("C1", complete.get("channel_id"));
        assertEquals("1.100", complete.get("thread_ts"));
        assertTrue(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-collect")), makeCalls.toString());

        // 리소스 바꿔서 다시 실행 → the modal, prefilled with this profile; its answer goes into this thread
        clickAction("U1", "open_run_modal", button(blocks, "open_run_modal").get("value").asText(), "9.000");
        idle();
        JsonNode modal = SlackStandIn.JSON.readTree(slack.calls("views.open").get(0).get("view"));
        assertTrue(modal.toString().contains("\"initial_value\":\"40G\""), modal.toString());
        int before = slack.calls("chat.postMessage").size();
        submitModal("U1", modal.get("private_metadata").asText(), "backtest_v5", "20", "40G", "04:00:00", "all");
        idle();
        Map<String, String> confirm = slack.calls("chat.postMessage").get(before);
        assertEquals("C1", confirm.get("channel"));
        assertEquals("1.100", confirm.get("thread_ts"), "the confirmation goes into the result's thread");
        assertTrue(confirm.get("blocks").contains("TIME 02:00:00 → 04:00:00"), confirm.get("blocks"));
        assertFalse(confirm.get("blocks").contains("CPUS 20"), "untouched fields are no change: " + confirm.get("blocks"));

        // CSV 받기 → the trades CSV goes up into the thread too
        JsonNode csvButton = button(blocks, "results_csv");
        clickAction("U1", "results_csv", csvButton.get("value").asText(), "9.001");
        idle();
        assertEquals(2, slack.calls("files.completeUploadExternal").size());
        assertTrue(slack.calls("files.getUploadURLExternal").get(1).get("filename").endsWith("_42_trades.csv"));
    }

    @Test
    void should_answer_a_notices_collect_button_with_the_result_card_in_that_thread() throws Exception {
        jobDone("61", 1.5, 0.4);
        clickAction("U1", "slurm_choice_0", "act:collect:backtest_v5:61", "8.001");
        idle();
        Map<String, String> card = findPost("📊");
        assertNotNull(card, slack.calls("chat.postMessage").toString());
        assertEquals("1.100", card.get("thread_ts"));
        assertTrue(card.get("blocks").contains("`1.5`"), card.get("blocks"));
        assertEquals("1.100", slack.calls("files.completeUploadExternal").get(0).get("thread_ts"));
        assertTrue(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-collect") && c.contains("PROFILE=backtest_v5")),
            makeCalls.toString());
    }

    @Test
    void should_run_the_home_menus_choices_through_the_pipeline_in_the_jobs_thread() throws Exception {
        state.jobIds.put("backtest_v5", "101");
        state.states.put("101", "RUNNING");
        tracked.add(new SubmittedJobs.Tracked("101", "backtest_v5", "U1", "RUNNING", "0:42", null, null,
            "https://slack.com/archives/C1/p1700000100000200", true, "node01"));
        overflow("U1", "act:log:backtest_v5:101", "8.101");
        idle();
        assertTrue(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-log") && c.contains("JOBID=101")), makeCalls.toString());
        assertTrue(slack.calls("chat.postMessage").stream().allMatch(f -> "1700000100.000200".equals(f.get("thread_ts"))),
            "answered in the job's thread: " + slack.calls("chat.postMessage"));
        overflow("U1", "home:cancel:101", "8.102");
        idle();
        assertTrue(makeCalls.stream().noneMatch(c -> c.startsWith("slurm-cancel")), "cancel asks first: " + makeCalls);
        assertTrue(slack.calls("chat.postMessage").stream().anyMatch(f -> String.valueOf(f.get("blocks")).contains("slurm_choices")
            && String.valueOf(f.get("blocks")).contains("101")), slack.calls("chat.postMessage").toString());
    }

    @Test
    void should_compare_the_last_runs_as_a_table_card_and_a_chart() throws Exception {
        for (int i = 0; i < 3; i++) {
            jobDone("5" + i, 0.5 + i * 0.1, 0.1 * i);
            results.afterCollect("backtest_v5", "5" + i);
        }
        send(SignedEvents.mention("EvC1", "U1", "2.100", "backtest_v5 최근 결과 비교"));
        idle();
        Map<String, String> card = findPost("📈");
        assertNotNull(card, slack.calls("chat.postMessage").toString());
        JsonNode blocks = SlackStandIn.blocks(card);
        BlockKitLimits.check(blocks);
        dump("compare card", card.get("text"), blocks);
        String table = blocks.toString();
        assertTrue(table.contains("50") && table.contains("51") && table.contains("52") && table.contains("sharpe"), table);
        assertEquals("2.100", slack.calls("files.completeUploadExternal").get(0).get("thread_ts"));
        assertTrue(slack.calls("files.getUploadURLExternal").get(0).get("filename").contains("compare"));
        assertTrue(makeCalls.isEmpty(), "compare runs no make: " + makeCalls);
    }

    @Test
    void should_publish_the_viewers_jobs_on_app_home_opened() throws Exception {
        tracked.add(new SubmittedJobs.Tracked("101", "backtest_v5", "U1", "RUNNING", "0:42", null, null,
            "https://slack.com/archives/C1/p1700000100000200", true, "node01"));
        tracked.add(new SubmittedJobs.Tracked("102", "optimizer_v5", "U2", "RUNNING", "0:10", null, null, null, true));
        tracked.add(new SubmittedJobs.Tracked("99", "backtest_v5", "U1", "COMPLETED", "1:02", null, null, null, false));
        send("{\"type\":\"event_callback\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"event_id\":\"EvH1\","
            + "\"event_time\":1700000000,\"event\":{\"type\":\"app_home_opened\",\"user\":\"U1\",\"channel\":\"D1\","
            + "\"tab\":\"home\",\"event_ts\":\"1.1\"}}");
        idle();
        List<Map<String, String>> pubs = slack.calls("views.publish");
        assertEquals(1, pubs.size());
        assertEquals("U1", pubs.get(0).get("user_id"));
        JsonNode view = SlackStandIn.JSON.readTree(pubs.get(0).get("view"));
        assertEquals("home", view.get("type").asText());
        String v = view.toString();
        assertTrue(v.contains("101") && v.contains("node01") && v.contains("RUNNING") && v.contains("99"), v);
        assertFalse(v.contains("optimizer_v5"), "only the viewer's jobs: " + v);
        assertTrue(v.contains("https://team.slack.com/archives/C1/p1700000100000200"), "thread link via chat.getPermalink");
        assertTrue(v.contains("home_new_job"), v);
        BlockKitLimits.checkView(view);
        dump("home", "", view);
        assertEquals("1700000100.000200", slack.calls("chat.getPermalink").get(0).get("message_ts"));
    }

    @Test
    void should_publish_the_home_again_when_a_job_of_the_viewer_changes_state_but_not_more_than_once_per_throttle()
        throws Exception {
        tracked.add(new SubmittedJobs.Tracked("201", "backtest_v5", "U3", "COMPLETED", "0:05", null, null, null, false));
        var notices = front.surfaces().watching(front.cardNotices());
        Origin origin = new Origin("U3", "C1", "5.100");
        notices.notice(origin, ptj.slurmrunner.bot.Reply.info("✅ Job 201 완료"));
        notices.notice(origin, ptj.slurmrunner.bot.Reply.info("[결과 수집 완료]"));
        for (int i = 0; i < 50 && slack.calls("views.publish").isEmpty(); i++) Thread.sleep(100);
        Thread.sleep(500);
        List<Map<String, String>> pubs = slack.calls("views.publish");
        assertEquals(1, pubs.size(), "two notices in a row, one publish");
        assertEquals("U3", pubs.get(0).get("user_id"));
        assertTrue(pubs.get(0).get("view").contains("201"));
        // the notices go through the pacer, which may merge two waiting notices of one thread into one post
        for (int i = 0; i < 50 && slack.calls("chat.postMessage").size() < 2; i++) Thread.sleep(100);
        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        String all = posts.toString();
        assertTrue(!posts.isEmpty() && posts.size() <= 2 && all.contains("Job 201") && all.contains("결과 수집 완료"),
            "the notices themselves still go to the thread: " + all);
    }

    @Test
    void should_never_publish_more_than_100_blocks() throws Exception {
        for (int i = 0; i < 300; i++) {
            tracked.add(new SubmittedJobs.Tracked(String.valueOf(1000 + i), "backtest_v5", "U1", i < 150 ? "PENDING"
                : "COMPLETED", "0:01", i < 150 ? "Resources" : null, null, null, i < 150));
        }
        send("{\"type\":\"event_callback\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"event_id\":\"EvH2\","
            + "\"event_time\":1700000000,\"event\":{\"type\":\"app_home_opened\",\"user\":\"U1\",\"channel\":\"D1\","
            + "\"tab\":\"home\",\"event_ts\":\"1.1\"}}");
        idle();
        JsonNode view = SlackStandIn.JSON.readTree(slack.calls("views.publish").get(0).get("view"));
        assertTrue(view.get("blocks").size() <= 100, "blocks: " + view.get("blocks").size());
        assertTrue(view.toString().contains("외 "), "the rest is counted");
        BlockKitLimits.checkView(view);
    }

    @Test
    void should_turn_a_bad_modal_value_into_a_field_error_and_a_good_one_into_a_confirmation_card() throws Exception {
        // Home "새 작업" opens the modal, prefilled with the first profile
        clickAction("U1", "home_new_job", "new", "7.001");
        idle();
        List<Map<String, String>> opens = slack.calls("views.open");
        assertEquals(1, opens.size());
        assertEquals("tr7.001", opens.get(0).get("trigger_id"));
        JsonNode modal = SlackStandIn.JSON.readTree(opens.get(0).get("view"));
        BlockKitLimits.checkView(modal);
        assertTrue(modal.toString().contains("\"initial_value\":\"20\""), "prefilled from the profile: " + modal);
        String metadata = modal.get("private_metadata").asText();

        // choosing another profile re-opens the fields with that profile's values
        String select = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"U1\"},"
            + "\"api_app_id\":\"A1\",\"trigger_id\":\"tr7.002\",\"container\":{\"type\":\"view\",\"view_id\":\"V1\"},"
            + "\"view\":{\"id\":\"V1\",\"hash\":\"h1\",\"type\":\"modal\",\"callback_id\":\"run_modal\","
            + "\"private_metadata\":" + SlackStandIn.JSON.writeValueAsString(metadata) + "},\"actions\":[{\"action_id\":"
            + "\"run_modal_profile\",\"block_id\":\"profile\",\"type\":\"static_select\",\"selected_option\":{"
            + "\"text\":{\"type\":\"plain_text\",\"text\":\"study_exit_params\"},\"value\":\"study_exit_params\"},"
            + "\"action_ts\":\"7.002\"}]}";
        send("payload=" + URLEncoder.encode(select, StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        idle();
        Map<String, String> update = slack.calls("views.update").get(0);
        assertEquals("V1", update.get("view_id"));
        assertEquals("h1", update.get("hash"));
        JsonNode updated = SlackStandIn.JSON.readTree(update.get("view"));
        assertTrue(updated.toString().contains("\"initial_value\":\"08:00:00\"")
            && updated.toString().contains("time:study_exit_params"), updated.toString());
        BlockKitLimits.checkView(updated);

        HttpResponse<String> bad = submitModal("U1", metadata, "backtest_v5", "eight", "16GB", "02:00:00", "all");
        assertEquals(200, bad.statusCode());
        JsonNode errors = SlackStandIn.JSON.readTree(bad.body());
        assertEquals("errors", errors.get("response_action").asText(), bad.body());
        assertTrue(errors.get("errors").has("cpus:backtest_v5") && errors.get("errors").has("mem:backtest_v5"),
            "errors keyed by the fields' block ids: " + bad.body());
        assertFalse(errors.get("errors").has("time:backtest_v5"));
        idle();
        assertTrue(slack.calls("chat.postMessage").isEmpty(), "nothing submitted");

        HttpResponse<String> ok = submitModal("U1", metadata, "backtest_v5", "8", "40G", "02:00:00", "all");
        assertEquals(200, ok.statusCode());
        assertFalse(ok.body().contains("errors"), ok.body());
        idle();
        Map<String, String> card = slack.calls("chat.postMessage").get(0);
        assertEquals("D77", card.get("channel"), "into the requester's DM (conversations.open)");
        String blocks = card.get("blocks");
        dump("modal", bad.body(), modal);
        dump("confirmation after the modal", card.get("text"), SlackStandIn.JSON.readTree(blocks));
        assertTrue(blocks.contains("CPUS") && blocks.contains("20") && blocks.contains("8"), "the diff: " + blocks);
        assertFalse(blocks.contains("MEM: 40G"), blocks);
        assertTrue(blocks.contains("slurm_choices"), "a confirmation, not a run: " + blocks);
        assertTrue(makeCalls.stream().noneMatch(c -> c.startsWith("slurm-run")), makeCalls.toString());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** -Dresults.dump=true prints what Slack got (docs/results.md shows these). */
    static void dump(String what, String text, JsonNode json) {
        if (Boolean.getBoolean("results.dump")) System.out.println("=== " + what + "\n" + text + "\n" + json.toPrettyString());
    }

    Map<String, String> findPost(String marker) {
        for (Map<String, String> f : slack.calls("chat.postMessage")) {
            if (String.valueOf(f.get("blocks")).contains(marker)) return f;
        }
        return null;
    }

    static JsonNode button(JsonNode blocks, String actionId) {
        for (JsonNode b : blocks) {
            if (!"actions".equals(b.path("type").asText())) continue;
            for (JsonNode e : b.get("elements")) if (actionId.equals(e.path("action_id").asText())) return e;
        }
        throw new AssertionError("no button " + actionId + " in " + blocks);
    }

    HttpResponse<String> clickAction(String user, String actionId, String value, String actionTs) throws Exception {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"" + user
            + "\"},\"api_app_id\":\"A1\",\"trigger_id\":\"tr" + actionTs + "\",\"container\":{\"type\":\"message\","
            + "\"message_ts\":\"1.200\",\"channel_id\":\"C1\"},\"channel\":{\"id\":\"C1\"},"
            + "\"message\":{\"type\":\"message\",\"ts\":\"1.200\",\"thread_ts\":\"1.100\",\"blocks\":[]},"
            + "\"actions\":[{\"action_id\":\"" + actionId + "\",\"block_id\":\"b\",\"type\":\"button\",\"value\":\""
            + value + "\",\"action_ts\":\"" + actionTs + "\"}]}";
        return send("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    HttpResponse<String> overflow(String user, String value, String actionTs) throws Exception {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"" + user
            + "\"},\"api_app_id\":\"A1\",\"trigger_id\":\"tr" + actionTs + "\",\"container\":{\"type\":\"view\","
            + "\"view_id\":\"VHOME\"},\"view\":{\"id\":\"VHOME\",\"type\":\"home\"},\"actions\":[{\"action_id\":"
            + "\"home_job_menu\",\"block_id\":\"job:101\",\"type\":\"overflow\",\"selected_option\":{\"text\":"
            + "{\"type\":\"plain_text\",\"text\":\"x\"},\"value\":\"" + value + "\"},\"action_ts\":\"" + actionTs + "\"}]}";
        return send("payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    HttpResponse<String> submitModal(String user, String metadata, String profile, String cpus, String mem, String time,
                                     String partition) throws Exception {
        ObjectNode p = SlackStandIn.JSON.createObjectNode();
        p.put("type", "view_submission");
        p.putObject("team").put("id", "T1");
        p.putObject("user").put("id", user);
        p.put("api_app_id", "A1");
        ObjectNode view = p.putObject("view");
        view.put("id", "V1");
        view.put("type", "modal");
        view.put("callback_id", "run_modal");
        view.put("private_metadata", metadata);
        ObjectNode values = view.putObject("state").putObject("values");
        values.putObject("profile").putObject("run_modal_profile").put("type", "static_select")
            .putObject("selected_option").put("value", profile);
        String[][] fields = {{"cpus", cpus}, {"mem", mem}, {"time", time}, {"partition", partition}};
        for (String[] f : fields) {
            values.putObject(f[0] + ":" + profile).putObject(f[0]).put("type", "plain_text_input").put("value", f[1]);
        }
        return send("payload=" + URLEncoder.encode(p.toString(), StandardCharsets.UTF_8),
            "application/x-www-form-urlencoded");
    }

    HttpResponse<String> send(String body) throws Exception {
        return send(body, "application/json");
    }

    HttpResponse<String> send(String body, String type) throws Exception {
        HttpResponse<String> resp = SignedEvents.send(front, SECRET, body, type);
        assertEquals(200, resp.statusCode(), resp.body());
        return resp;
    }

    void idle() {
        assertTrue(front.listeners().awaitIdle(60, TimeUnit.SECONDS) && front.surfaces().awaitIdle(60, TimeUnit.SECONDS));
    }

}
