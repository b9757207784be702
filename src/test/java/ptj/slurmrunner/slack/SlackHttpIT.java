package ptj.slurmrunner.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.slack.api.app_backend.SlackSignature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Events API path end to end through real Bolt: signed HTTP in, WireMock Web API out, a fake Bot behind. */
class SlackHttpIT {
    static final String SECRET = "test-signing-secret";
    @TempDir Path state;
    SlackStandIn slack;
    FakeBot bot;
    SlackFrontEnd front;
    final List<String> refused = new CopyOnWriteArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    Map<String, String> extraEnv = new HashMap<>();

    @BeforeEach
    void up() throws Exception {
        slack = new SlackStandIn();
        bot = new FakeBot();
    }

    void start() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", SECRET,
            "SLACK_API_URL", slack.apiUrl(), "SLACK_BIND", "127.0.0.1", "SLACK_PORT", "0",
            "SLURM_RUNNER_STATE_DIR", state.toString(), "SLACK_POST_INTERVAL_MS", "0"));
        env.putAll(extraEnv);
        front = new SlackFrontEnd(SlackSettings.fromEnv(env), bot, (u, c, t, code) -> refused.add(u + ":" + code));
        front.start();
    }

    @AfterEach
    void down() throws Exception {
        if (front != null) front.close();
        slack.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    HttpResponse<String> send(String body, String contentType, long timestamp, boolean sign, Map<String, String> headers)
        throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.httpPort() + "/slack/events"))
            .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        String ts = String.valueOf(timestamp);
        b.header("X-Slack-Request-Timestamp", ts);
        if (sign) b.header("X-Slack-Signature", new SlackSignature.Generator(SECRET).generate(ts, body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendJson(String body) throws Exception {
        return send(body, "application/json", now(), true, Map.of());
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    static String dm(String eventId, String user, String ts, String text, String extra) {
        return "{\"token\":\"x\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\""
            + eventId + "\",\"event_time\":1700000000,\"event\":{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\""
            + user + "\",\"text\":\"" + text + "\",\"ts\":\"" + ts + "\",\"channel\":\"D1\",\"event_ts\":\"" + ts + "\""
            + extra + "}}";
    }

    HttpResponse<String> click(String user, String value, String messageTs, String actionTs, String blocksJson)
        throws Exception {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"" + user
            + "\"},\"api_app_id\":\"A1\",\"trigger_id\":\"tr" + actionTs + "\",\"container\":{\"type\":\"message\","
            + "\"message_ts\":\"" + messageTs + "\",\"channel_id\":\"C1\"},\"channel\":{\"id\":\"C1\"},"
            + "\"message\":{\"type\":\"message\",\"ts\":\"" + messageTs + "\",\"thread_ts\":\"1.100\",\"blocks\":"
            + blocksJson + "},\"response_url\":\"" + slack.wm.baseUrl() + "/response_url\",\"actions\":[{"
            + "\"action_id\":\"slurm_choice_0\",\"block_id\":\"" + blockId(blocksJson) + "\",\"type\":\"button\",\"value\":\"" + value
            + "\",\"action_ts\":\"" + actionTs + "\"}]}";
        String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
        return send(body, "application/x-www-form-urlencoded", now(), true, Map.of());
    }

    static String blockId(String blocksJson) {
        try {
            JsonNode b = SlackStandIn.JSON.readTree(blocksJson);
            for (JsonNode x : b) if (x.path("block_id").asText().startsWith("slurm_choices")) return x.get("block_id").asText();
            throw new AssertionError("no buttons in " + blocksJson);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void idle() {
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS), "work did not finish");
    }

    static void eventually(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    // ---- tests ---------------------------------------------------------------------------------------------

    @Test
    void should_answer_url_verification_with_the_challenge() throws Exception {
        start();
        HttpResponse<String> r = sendJson("{\"token\":\"x\",\"challenge\":\"abc123\",\"type\":\"url_verification\"}");
        assertEquals(200, r.statusCode());
        assertEquals("abc123", r.body());
    }

    @Test
    void should_reject_unsigned_and_stale_requests_with_401() throws Exception {
        start();
        String body = SignedEvents.mention("Ev1", "U1", "C1", "1.100", null, "<@UBOT> 상태");
        assertEquals(401, send(body, "application/json", now(), false, Map.of()).statusCode());
        assertEquals(401, send(body, "application/json", now() - 6 * 60, true, Map.of()).statusCode());
        HttpResponse<String> forged = send(body, "application/json", now(), false,
            Map.of("X-Slack-Signature", "v0=" + "0".repeat(64)));
        assertEquals(401, forged.statusCode());
        Thread.sleep(300);
        assertTrue(bot.calls.isEmpty());
    }

    @Test
    void should_answer_a_mention_in_its_thread_and_edit_progress_in_place() throws Exception {
        start();
        HttpResponse<String> r = sendJson(SignedEvents.mention("Ev1", "U1", "C1", "1.100", null, "<@UBOT> Job 상태 확인"));
        assertEquals(200, r.statusCode());
        idle();
        assertEquals(1, bot.calls.size());
        FakeBot.Call c = bot.calls.get(0);
        assertEquals("Job 상태 확인", c.text());
        assertEquals("U1", c.origin().userId());
        assertEquals("C1", c.origin().channelId());
        assertEquals("1.100", c.origin().threadTs());

        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        assertEquals(1, posts.size());
        assertEquals("C1", posts.get(0).get("channel"));
        assertEquals("1.100", posts.get(0).get("thread_ts"));
        assertTrue(SlackStandIn.blocks(posts.get(0)).get(0).get("text").get("text").asText().contains("확인 중"));
        List<Map<String, String>> updates = slack.calls("chat.update");
        assertEquals(1, updates.size(), "the final answer replaces the progress message");
        assertEquals("C1", updates.get(0).get("channel"));
        JsonNode blocks = SlackStandIn.blocks(updates.get(0));
        String all = blocks.toString();
        assertTrue(all.contains("[SLURM Status]"));
        assertTrue(all.contains("&lt;!channel&gt;") && all.contains("&amp;") && !all.contains("<!channel>"));
        assertTrue(all.contains("@\\u200Bhere") || all.contains("@\u200Bhere"));
    }

    @Test
    void should_reply_in_the_existing_thread_of_a_mention_inside_a_thread() throws Exception {
        start();
        sendJson(SignedEvents.mention("Ev1", "U1", "C1", "1.200", "1.100", "<@UBOT> 상태"));
        idle();
        assertEquals("1.100", slack.calls("chat.postMessage").get(0).get("thread_ts"));
    }

    @Test
    void should_ignore_a_retried_event_even_across_a_restart() throws Exception {
        start();
        String body = SignedEvents.mention("EvRetry", "U1", "C1", "1.100", null, "<@UBOT> backtest_v5 실행해줘");
        assertEquals(200, sendJson(body).statusCode());
        assertEquals(200, send(body, "application/json", now(), true,
            Map.of("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")).statusCode());
        idle();
        front.close();
        front = null;
        start(); // same state dir: the restart remembers
        assertEquals(200, send(body, "application/json", now(), true, Map.of("X-Slack-Retry-Num", "2")).statusCode());
        idle();
        assertEquals(1, bot.calls.size());
    }

    @Test
    void should_handle_a_first_delivery_even_if_it_carries_a_retry_header() throws Exception {
        start();
        send(SignedEvents.mention("EvLost", "U1", "C1", "1.100", null, "<@UBOT> 상태"), "application/json", now(), true,
            Map.of("X-Slack-Retry-Num", "1"));
        idle();
        assertEquals(1, bot.calls.size());
    }

    @Test
    void should_take_dm_messages_and_ignore_bots_edits_and_itself() throws Exception {
        start();
        sendJson(dm("EvD1", "U1", "2.100", "상태", ""));
        sendJson(dm("EvD2", "UBOT", "2.200", "봇 자신", ""));
        sendJson(dm("EvD3", "U2", "2.300", "다른 봇", ",\"bot_id\":\"B9\""));
        HttpResponse<String> edit = sendJson("{\"type\":\"event_callback\",\"team_id\":\"T1\",\"api_app_id\":\"A1\","
            + "\"event_id\":\"EvD4\",\"event\":{\"type\":\"message\",\"subtype\":\"message_changed\",\"channel\":\"D1\","
            + "\"channel_type\":\"im\",\"ts\":\"2.400\",\"message\":{\"user\":\"U1\",\"text\":\"x\",\"ts\":\"2.100\"}}}");
        assertEquals(200, edit.statusCode(), "edits are acked so Slack does not retry them");
        // The same DM also arriving as app_mention (different event id) is one message.
        sendJson(SignedEvents.mention("EvD5", "U1", "D1", "2.100", null, "<@UBOT> 상태"));
        idle();
        assertEquals(1, bot.calls.size());
        assertEquals("D1", bot.calls.get(0).origin().channelId());
    }

    @Test
    void should_open_a_thread_of_its_own_for_a_slash_command() throws Exception {
        start();
        String form = "token=x&team_id=T1&channel_id=C1&user_id=U1&command=%2Fslurm&text="
            + URLEncoder.encode("backtest_v5 &lt;로그&gt; 보기", StandardCharsets.UTF_8) + "&trigger_id=trig1&response_url="
            + URLEncoder.encode(slack.wm.baseUrl() + "/response_url", StandardCharsets.UTF_8);
        HttpResponse<String> r = send(form, "application/x-www-form-urlencoded", now(), true, Map.of());
        assertEquals(200, r.statusCode());
        idle();
        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        assertEquals(2, posts.size());
        assertNull(posts.get(0).get("thread_ts"), "the parent opens the thread");
        assertTrue(posts.get(0).get("text").contains("&lt;로그&gt;"), posts.get(0).get("text"));
        String parentTs = bot.calls.get(0).origin().threadTs();
        assertEquals(parentTs, posts.get(1).get("thread_ts"));
        assertEquals("backtest_v5 <로그> 보기", bot.calls.get(0).text());
        // the log came as an attachment: uploaded as a file into the same thread
        List<Map<String, String>> done = slack.calls("files.completeUploadExternal");
        assertEquals(1, done.size());
        assertEquals("C1", done.get(0).get("channel_id"));
        assertEquals(parentTs, done.get(0).get("thread_ts"));
        assertEquals(1, slack.calls("files.getUploadURLExternal").size());
    }

    @Test
    void should_answer_through_the_response_url_when_it_cannot_open_a_thread() throws Exception {
        slack.wm.stubFor(post(urlPathEqualTo("/api/chat.postMessage"))
            .willReturn(okJson("{\"ok\":false,\"error\":\"not_in_channel\"}")));
        start();
        String form = "token=x&team_id=T1&channel_id=C9&user_id=U1&command=%2Fslurm&text=x&trigger_id=trigN"
            + "&response_url=" + URLEncoder.encode(slack.wm.baseUrl() + "/response_url", StandardCharsets.UTF_8);
        assertEquals(200, send(form, "application/x-www-form-urlencoded", now(), true, Map.of()).statusCode());
        idle();
        assertTrue(bot.calls.isEmpty(), "nothing runs without a thread to answer in");
        var responses = slack.wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            urlPathEqualTo("/response_url")));
        assertEquals(1, responses.size());
        assertTrue(responses.get(0).getBodyAsString().contains("/invite"), responses.get(0).getBodyAsString());
    }

    @Test
    void should_refuse_users_not_on_the_allow_list_politely_and_audit() throws Exception {
        extraEnv.put("SLURM_RUNNER_USERS", "U1");
        start();
        sendJson(SignedEvents.mention("EvA1", "U9", "C1", "1.100", null, "<@UBOT> backtest_v5 실행해줘"));
        idle();
        assertTrue(bot.calls.isEmpty());
        List<Map<String, String>> eph = slack.calls("chat.postEphemeral");
        assertEquals(1, eph.size());
        assertEquals("U9", eph.get(0).get("user"));
        assertTrue(eph.get(0).get("text").contains("죄송합니다"));
        assertEquals(List.of("U9:user_not_allowed"), refused);
        // a refused slash command gets the refusal as its (ephemeral) ack
        String form = "token=x&team_id=T1&channel_id=C1&user_id=U9&command=%2Fslurm&text=x&trigger_id=trig9";
        HttpResponse<String> r = send(form, "application/x-www-form-urlencoded", now(), true, Map.of());
        assertTrue(r.body().contains("죄송합니다"), r.body());
    }

    /** Posts "실행해줘", returns [buttons message ts, yes id, blocks JSON of that message]. */
    String[] askToRun(String user, String eventId) throws Exception {
        sendJson(SignedEvents.mention(eventId, user, "C1", "1.100", null, "<@UBOT> backtest_v5 실행해줘"));
        idle();
        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        Map<String, String> question = null;
        for (Map<String, String> p : posts) if (p.get("blocks").contains("slurm_choices")) question = p;
        List<Map<String, String>> updates = slack.calls("chat.update");
        for (Map<String, String> u : updates) if (u.get("blocks").contains("slurm_choices")) question = u;
        JsonNode blocks = SlackStandIn.blocks(question);
        JsonNode actions = null;
        for (JsonNode x : blocks) if (x.path("block_id").asText().startsWith("slurm_choices")) actions = x;
        String yes = actions.get("elements").get(0).get("value").asText();
        String ts = question.containsKey("ts") ? question.get("ts") : null;
        return new String[] {ts, yes, blocks.toString()};
    }

    @Test
    void should_run_an_owner_click_once_and_replace_the_buttons() throws Exception {
        start();
        String[] q = askToRun("U1", "EvB1");
        String msgTs = q[0] != null ? q[0] : "1.150";
        assertTrue(q[1].endsWith(":yes"));
        int updatesBefore = slack.calls("chat.update").size();
        assertEquals(200, click("U1", q[1], msgTs, "9.001", q[2]).statusCode());
        idle();
        assertEquals(1, bot.submits.get());
        List<Map<String, String>> updates = slack.calls("chat.update");
        Map<String, String> replaced = updates.get(updatesBefore);
        assertEquals(msgTs, replaced.get("ts"));
        assertFalse(replaced.get("blocks").contains("\"actions\""), "buttons are gone after the click");
        assertTrue(replaced.get("blocks").contains("Profile 확인"), "the question's text stays");
        assertTrue(updates.get(updates.size() - 1).get("blocks").contains("Job 제출 완료"));

        // the same delivery again: dropped silently; a second real click: refused by the core, ephemeral
        click("U1", q[1], msgTs, "9.001", q[2]);
        click("U1", q[1], msgTs, "9.002", q[2]);
        idle();
        assertEquals(1, bot.submits.get());
        List<Map<String, String>> eph = slack.calls("chat.postEphemeral");
        assertEquals(1, eph.size());
        assertEquals("U1", eph.get(0).get("user"));
        assertEquals("1.100", eph.get(0).get("thread_ts"));
    }

    @Test
    void should_refuse_someone_elses_click_and_keep_the_buttons() throws Exception {
        start();
        String[] q = askToRun("U1", "EvB2");
        String msgTs = q[0] != null ? q[0] : "1.150";
        int updatesBefore = slack.calls("chat.update").size();
        click("U2", q[1], msgTs, "9.101", q[2]);
        idle();
        assertEquals(0, bot.submits.get());
        List<Map<String, String>> eph = slack.calls("chat.postEphemeral");
        assertEquals(1, eph.size());
        assertEquals("U2", eph.get(0).get("user"));
        assertTrue(eph.get(0).get("blocks").contains("요청한 사람만"), eph.get(0).get("blocks"));
        assertEquals(updatesBefore, slack.calls("chat.update").size(), "the owner's buttons stay");
        click("U1", q[1], msgTs, "9.102", q[2]);
        idle();
        assertEquals(1, bot.submits.get());
    }

    @Test
    void should_refuse_an_expired_click() throws Exception {
        start();
        String[] q = askToRun("U1", "EvB3");
        Instant later = Instant.now().plus(Duration.ofMinutes(11));
        bot.clock = Clock.fixed(later, ZoneOffset.UTC);
        int updatesBefore = slack.calls("chat.update").size();
        click("U1", q[1], q[0], "9.201", q[2]);
        idle();
        assertEquals(0, bot.submits.get());
        // The owner's own expired click: the dead buttons give way to the refusal.
        List<Map<String, String>> updates = slack.calls("chat.update");
        assertEquals(updatesBefore + 1, updates.size());
        assertEquals(q[0], updates.get(updatesBefore).get("ts"));
        assertTrue(updates.get(updatesBefore).get("blocks").contains("확인 시간이 지났습니다"));
        assertFalse(updates.get(updatesBefore).get("blocks").contains("\"actions\""));
    }

    @Test
    void should_wait_out_a_429_with_retry_after_and_then_post() throws Exception {
        slack.wm.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("rl")
            .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")).willSetStateTo("ok"));
        slack.wm.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("rl").whenScenarioStateIs("ok")
            .willReturn(okJson("{\"ok\":true,\"ts\":\"5.5\"}")));
        start();
        long t0 = System.nanoTime();
        sendJson(SignedEvents.mention("EvR1", "U1", "C1", "1.100", null, "<@UBOT> 상태"));
        idle();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(2, slack.calls("chat.postMessage").size());
        assertTrue(ms >= 900, "waited Retry-After: " + ms + " ms");
        assertEquals("5.5", slack.calls("chat.update").get(0).get("ts"));
    }

    @Test
    void should_give_up_after_a_bounded_number_of_429s() throws Exception {
        slack.wm.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(aResponse().withStatus(429)
            .withHeader("Retry-After", "1").withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
        start();
        sendJson(SignedEvents.mention("EvR2", "U1", "C1", "1.100", null, "<@UBOT> 상태"));
        idle();
        // progress post: 4 tries; the final answer finds no message to edit and posts: 4 more
        assertEquals(2 * SlackWeb.MAX_ATTEMPTS, slack.calls("chat.postMessage").size());
        assertEquals(0, slack.calls("chat.update").size());
    }

    @Test
    void should_pace_posts_in_one_channel_to_about_one_per_second() throws Exception {
        extraEnv.put("SLACK_POST_INTERVAL_MS", "500");
        bot.quiet = false;
        start();
        for (int i = 0; i < 3; i++) sendJson(SignedEvents.mention("EvP" + i, "U1", "C1", "1.10" + i, null, "<@UBOT> 상태"));
        idle();
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> reqs = slack.wm.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/api/chat.postMessage")));
        assertEquals(3, reqs.size());
        List<Long> times = new ArrayList<>();
        for (var r : reqs) times.add(r.getLoggedDate().getTime());
        Collections.sort(times);
        assertTrue(times.get(2) - times.get(0) >= 900, "posts spread out: " + times);
    }

    @Test
    void should_post_watcher_notices_into_the_jobs_thread() throws Exception {
        start();
        front.notices().notice(new ptj.slurmrunner.bot.Origin("U1", "C7", "7.700"),
            new ptj.slurmrunner.bot.Reply(ptj.slurmrunner.bot.Reply.Tone.SUCCESS, "Job 12345 COMPLETED",
                List.of(), null, true));
        // notices are paced (bot/PacedNotices): posted by the pacer's thread, about a second later
        long until = System.currentTimeMillis() + 10_000;
        while (slack.calls("chat.postMessage").isEmpty() && System.currentTimeMillis() < until) Thread.sleep(50);
        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        assertEquals(1, posts.size());
        assertEquals("C7", posts.get(0).get("channel"));
        assertEquals("7.700", posts.get(0).get("thread_ts"));
        assertTrue(posts.get(0).get("blocks").contains("Job 12345 COMPLETED"));
    }

    @Test
    void should_keep_a_job_notices_shortcut_buttons_and_answer_in_the_thread() throws Exception {
        start();
        String blocks = "[{\"type\":\"actions\",\"block_id\":\"slurm_choices:U1\",\"elements\":[{\"type\":\"button\","
            + "\"action_id\":\"slurm_choice_0\",\"value\":\"act:log:backtest_v5:12345\",\"text\":{\"type\":"
            + "\"plain_text\",\"text\":\"로그\"}}]}]";
        click("U1", "act:log:backtest_v5:12345", "8.800", "9.301", blocks);
        idle();
        assertEquals("act:log:backtest_v5:12345", bot.calls.get(0).text());
        assertEquals(0, slack.calls("chat.update").stream().filter(u -> "8.800".equals(u.get("ts"))).count(),
            "the notice keeps its buttons");
        assertEquals("1.100", slack.calls("chat.postMessage").get(0).get("thread_ts"));
    }

    @Test
    void should_ack_a_burst_of_200_events_quickly() throws Exception {
        bot.quiet = true;
        start();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        List<Future<Long>> lat = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String body = SignedEvents.mention("EvBurst" + i, "U1", "C1", "3." + i, null, "<@UBOT> 상태 " + i);
            lat.add(clients.submit(() -> {
                long t = System.nanoTime();
                HttpResponse<String> r = sendJson(body);
                assertEquals(200, r.statusCode());
                return (System.nanoTime() - t) / 1_000;
            }));
        }
        List<Long> micros = new ArrayList<>();
        for (Future<Long> f : lat) micros.add(f.get(60, TimeUnit.SECONDS));
        clients.shutdown();
        idle();
        assertEquals(200, bot.calls.size());
        Collections.sort(micros);
        System.out.printf("ACK LATENCY http burst=200 concurrency=20 median=%.1f ms p95=%.1f ms worst=%.1f ms%n",
            micros.get(100) / 1000.0, micros.get(189) / 1000.0, micros.get(199) / 1000.0);
        assertTrue(micros.get(199) < 3_000_000, "every ack inside Slack's 3 s");
        List<Long> one = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long t = System.nanoTime();
            assertEquals(200, sendJson(SignedEvents.mention("EvSeq" + i, "U1", "C1", "5." + i, null, "<@UBOT> 상태")).statusCode());
            one.add((System.nanoTime() - t) / 1000);
        }
        Collections.sort(one);
        System.out.printf("ACK LATENCY http sequential=50 median=%.1f ms worst=%.1f ms%n",
            one.get(25) / 1000.0, one.get(49) / 1000.0);
    }
}
