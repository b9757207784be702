package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.app_backend.SlackSignature;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.Runner;
import ptj.slurmrunner.slack.cards.JobCards;
import ptj.slurmrunner.watch.ChoiceIds;

/**
 * One card per job, end to end through real Bolt (signed HTTP in, the Slack stand-in out) and the real pipeline,
 * policy and reports (only make is faked): mention → confirmation card → 실행 → the submit card with fields and
 * step buttons → the watcher's notices edit that card in place (chat.update at its ts, also after a restart) → the
 * completion notice's 결과 수집 button → collect runs and the post-collect hook gets the collect Reply. Step buttons
 * go through the policy: 취소 asks its own requester-only, single-use confirmation.
 */
class SlackCardsIT {
    static final String SECRET = "test-signing-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path state;
    SlackStandIn slack;
    SlackFrontEnd front;
    final FakeState project = FakeState.seed();
    final List<String> makeCalls = new CopyOnWriteArrayList<>();
    final List<String> submitted = new CopyOnWriteArrayList<>();
    final List<Reply> collected = new CopyOnWriteArrayList<>();
    final List<Origin> collectedWhere = new CopyOnWriteArrayList<>();
    final Map<String, String> extraEnv = new HashMap<>();

    static ObjectNode fixture(String name) throws Exception {
        try (InputStream in = SlackCardsIT.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    final Runner make = new Runner() {
        @Override
        public MakeResult run(String target, Map<String, String> vars, Consumer<String> progress) {
            StringBuilder b = new StringBuilder(target);
            vars.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            makeCalls.add(b.toString());
            try {
                return MakeResult.ofJson(switch (target) {
                    case "slurm-run" -> fixture("submit");
                    case "slurm-collect" -> fixture("collect");
                    case "slurm-cancel" -> fixture("cancel");
                    case "slurm-log" -> fixture("log");
                    default -> JSON.createObjectNode().put("ok", true);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    };

    @BeforeEach
    void up() {
        slack = new SlackStandIn();
    }

    void start() throws Exception {
        Map<String, String> env = new HashMap<>(slack.httpEnv(SECRET, state));
        env.putAll(extraEnv);
        SubmittedJobs jobs = (origin, profile, jobId, collect) -> submitted.add(profile + ":" + jobId);
        front = new SlackFrontEnd(SlackSettings.fromEnv(env), notices -> new Pipeline(new RuleParser(), new Policy(),
            () -> project, new PlanStore(), make, new Reports(new LogDiagnoser()),
            new AuditLog(state.resolve("audit.jsonl")), jobs, "", state, Clock.systemUTC(), false), (u, c, t, code) -> { });
        front.afterCollect((where, reply) -> {
            collectedWhere.add(where);
            collected.add(reply);
        });
        front.start();
    }

    @AfterEach
    void down() throws Exception {
        if (front != null) front.close();
        slack.close();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    void send(String body, String contentType) throws Exception {
        HttpResponse<String> r = SignedEvents.send(front, SECRET, body, contentType);
        assertEquals(200, r.statusCode(), r.body());
    }

    void mention(String eventId, String user, String ts, String text) throws Exception {
        send(SignedEvents.mention(eventId, user, ts, text), "application/json");
        idle();
    }

    /** A click on {@code button} (an element of {@code blocks}) in the message at {@code messageTs}. */
    void click(String user, JsonNode blocks, JsonNode button, String blockId, String messageTs, String actionTs)
        throws Exception {
        send(clickBody(user, blocks, button, blockId, messageTs, actionTs), "application/x-www-form-urlencoded");
        idle();
    }

    static String clickBody(String user, JsonNode blocks, JsonNode button, String blockId, String messageTs,
                            String actionTs) {
        String payload = "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"" + user
            + "\"},\"api_app_id\":\"A1\",\"trigger_id\":\"tr" + actionTs + "\",\"container\":{\"type\":\"message\","
            + "\"message_ts\":\"" + messageTs + "\",\"channel_id\":\"C1\"},\"channel\":{\"id\":\"C1\"},"
            + "\"message\":{\"type\":\"message\",\"ts\":\"" + messageTs + "\",\"thread_ts\":\"1.100\",\"blocks\":"
            + blocks + "},\"actions\":[{\"action_id\":\"" + button.get("action_id").asText() + "\",\"block_id\":\""
            + blockId + "\",\"type\":\"button\",\"value\":\"" + button.get("value").asText() + "\",\"action_ts\":\""
            + actionTs + "\"}]}";
        return "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    }

    void idle() {
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS), "work did not finish");
    }

    /** Every message the bot posted or edited, oldest first, with its ts (posts get theirs from the stand-in). */
    record Msg(String method, String ts, String threadTs, JsonNode blocks, Map<String, String> form) {}

    List<Msg> messages() throws Exception {
        return messages(slack);
    }

    static List<Msg> messages(SlackStandIn slack) throws Exception {
        List<Msg> out = new ArrayList<>();
        for (var r : slack.wm.getAllServeEvents()) {
            String path = r.getRequest().getUrl();
            if (!path.endsWith("chat.postMessage") && !path.endsWith("chat.update")) continue;
            Map<String, String> form = SlackStandIn.form(r.getRequest().getBodyAsString());
            String ts = path.endsWith("chat.update") ? form.get("ts")
                : JSON.readTree(r.getResponse().getBodyAsString()).path("ts").asText();
            out.add(new Msg(path.endsWith("chat.update") ? "update" : "post", ts, form.get("thread_ts"),
                SlackStandIn.blocks(form), form));
        }
        java.util.Collections.reverse(out); // WireMock lists serve events newest first
        return out;
    }

    /** A watcher notice through the front end's pacer (it posts on its own thread): returns once it is posted. */
    void noticeAndWait(Origin where, Reply reply) throws Exception {
        int posts = slack.calls("chat.postMessage").size();
        front.notices().notice(where, reply);
        SlackSweepCardsIT.await(() -> slack.calls("chat.postMessage").size() > posts, "the notice's post");
    }

    static JsonNode block(JsonNode blocks, String blockIdPrefix) {
        for (JsonNode b : blocks) if (b.path("block_id").asText().startsWith(blockIdPrefix)) return b;
        return null;
    }

    static JsonNode button(JsonNode actions, String valuePrefix) {
        for (JsonNode e : actions.get("elements")) if (e.get("value").asText().startsWith(valuePrefix)) return e;
        throw new AssertionError("no button " + valuePrefix + " in " + actions);
    }

    static String header(JsonNode blocks) {
        return blocks.get(0).get("text").get("text").asText();
    }

    static Reply notice(String state, String detail, List<Reply.Choice> choices, Reply.Tone tone, Card.Field... f) {
        return new Reply(tone, "Job 12345 " + state, choices, null, true)
            .withCard(Card.jobNotice("12345", "backtest_v5", state, detail, f));
    }

    /** Mention, confirmation card, 실행: returns the submit card's message. */
    Msg submitThroughTheCard() throws Exception {
        mention("Ev1", "U1", "1.100", "backtest_v5 실행해줘");
        Msg question = messages().stream().filter(m -> block(m.blocks(), "slurm_choices") != null).findFirst()
            .orElseThrow();
        assertTrue(header(question.blocks()).contains("backtest_v5 실행 확인"), header(question.blocks()));
        assertTrue(question.blocks().get(1).has("fields"), "the profile as fields: " + question.blocks());
        JsonNode choices = block(question.blocks(), "slurm_choices");
        click("U1", question.blocks(), choices.get("elements").get(0), choices.get("block_id").asText(),
            question.ts(), "9.001");
        assertEquals(List.of("backtest_v5:12345"), submitted);
        List<Msg> all = messages();
        Msg card = all.get(all.size() - 1);
        assertEquals("update", card.method());
        assertEquals(question.ts(), card.ts(), "the question's message becomes the job's card");
        return card;
    }

    // ---- tests -----------------------------------------------------------------------------------------------

    @Test
    void should_keep_one_card_per_job_from_submit_to_collect() throws Exception {
        start();
        Msg card = submitThroughTheCard();
        String cardTs = card.ts();
        assertEquals("⏳ Job 제출 완료 · backtest_v5 Job 12345", header(card.blocks()));
        String fields = card.blocks().get(1).get("fields").toString();
        assertTrue(fields.contains("Job ID") && fields.contains("12345") && fields.contains("20 CPU · 40G RAM · 02:00:00")
            && fields.contains("all / default"), fields);
        JsonNode steps = block(card.blocks(), "slurm_steps");
        assertEquals("danger", button(steps, "act:cancel:backtest_v5:12345").get("style").asText());
        assertNotNull(button(steps, "act:cancel:backtest_v5:12345").get("confirm"));
        button(steps, "act:log:backtest_v5:12345");
        button(steps, "act:rerun:backtest_v5:-");
        assertFalse(card.blocks().toString().contains("Profile 확인"), "no question piled above the card");
        assertTrue(card.form().get("text").contains("Job 제출 완료"), "Korean fallback text");
        assertTrue(Files.readString(state.resolve(JobCards.FILE)).contains(cardTs));

        // A restart: the card's ts comes back from the state dir.
        front.close();
        front = null;
        start();
        Origin thread = new Origin("U1", "C1", "1.100");
        int before = messages().size();
        noticeAndWait(thread, notice("RUNNING", "devnode", List.of(), Reply.Tone.INFO,
            Card.field("node", "devnode")));
        List<Msg> after = messages().subList(before, messages().size());
        assertEquals("update", after.get(0).method());
        assertEquals(cardTs, after.get(0).ts());
        assertEquals("🏃 backtest_v5 · Job 12345 실행 중", header(after.get(0).blocks()));
        assertTrue(after.get(0).blocks().get(1).toString().contains("devnode"));
        assertEquals("post", after.get(1).method(), "the notice itself goes into the thread");
        assertEquals("1.100", after.get(1).threadTs());
        assertFalse("true".equals(after.get(1).form().get("reply_broadcast")), "RUNNING is not broadcast");

        before = messages().size();
        noticeAndWait(thread, notice("COMPLETED", "devnode", List.of(new Reply.Choice(
            ChoiceIds.of(ChoiceIds.COLLECT, "backtest_v5", "12345"), "결과 가져오기", "primary")), Reply.Tone.SUCCESS,
            Card.field("elapsed", "00:00:07")));
        after = messages().subList(before, messages().size());
        assertEquals(cardTs, after.get(0).ts());
        assertEquals("✅ backtest_v5 · Job 12345 완료", header(after.get(0).blocks()));
        JsonNode doneSteps = block(after.get(0).blocks(), "slurm_steps");
        button(doneSteps, "act:collect:backtest_v5:12345");
        assertFalse(doneSteps.toString().contains("act:cancel"), "no 취소 once the job ended");
        Msg completion = after.get(1);
        assertFalse("true".equals(completion.form().get("reply_broadcast")), "success is not broadcast by default");

        // 결과 수집 on the completion notice: collect runs through the policy, the hook gets its Reply
        project.jobIds.put("backtest_v5", "12345");
        project.states.put("12345", "COMPLETED");
        JsonNode choices = block(completion.blocks(), "slurm_choices");
        click("U1", completion.blocks(), button(choices, "act:collect:"), choices.get("block_id").asText(),
            completion.ts(), "9.100");
        assertTrue(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-collect PROFILE=backtest_v5")), makeCalls.toString());
        assertEquals(1, collected.size());
        assertEquals(Card.Kind.COLLECT, collected.get(0).card().kind());
        assertEquals("12345", collected.get(0).card().job().jobId());
        assertEquals(new Origin("U1", "C1", "1.100"), collectedWhere.get(0));
    }

    @Test
    void should_run_the_cancel_step_through_the_policy_with_a_requester_only_single_use_confirmation() throws Exception {
        start();
        Msg card = submitThroughTheCard();
        JsonNode steps = block(card.blocks(), "slurm_steps");
        click("U1", card.blocks(), button(steps, "act:cancel:"), "slurm_steps", card.ts(), "9.200");
        assertFalse(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-cancel")), "a step never cancels by itself");
        List<Msg> all = messages();
        Msg question = all.get(all.size() - 1);
        assertEquals("post", question.method());
        JsonNode choices = block(question.blocks(), "slurm_choices");
        JsonNode yes = choices.get("elements").get(0);
        assertEquals("danger", yes.get("style").asText());
        assertTrue(card.blocks().toString().contains("12345"));

        click("U2", question.blocks(), yes, choices.get("block_id").asText(), question.ts(), "9.201");
        assertFalse(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-cancel")), "someone else's 예 runs nothing");
        click("U1", question.blocks(), yes, choices.get("block_id").asText(), question.ts(), "9.202");
        assertEquals(1, makeCalls.stream().filter(c -> c.equals("slurm-cancel JOBID=12345")).count(), makeCalls.toString());
        click("U1", question.blocks(), yes, choices.get("block_id").asText(), question.ts(), "9.203");
        assertEquals(1, makeCalls.stream().filter(c -> c.startsWith("slurm-cancel")).count(), "single use");

        // 같은 설정으로 다시 실행: a new confirmation card, nothing submitted yet
        int runs = (int) makeCalls.stream().filter(c -> c.startsWith("slurm-run")).count();
        click("U1", card.blocks(), button(steps, "act:rerun:"), "slurm_steps", card.ts(), "9.300");
        assertEquals(runs, makeCalls.stream().filter(c -> c.startsWith("slurm-run")).count());
        all = messages();
        assertNotNull(block(all.get(all.size() - 1).blocks(), "slurm_choices:U1"));
        assertTrue(header(all.get(all.size() - 1).blocks()).contains("실행 확인"));
    }

    @Test
    void should_broadcast_failures_by_default_and_follow_the_setting() throws Exception {
        start();
        Origin thread = new Origin("U1", "C1", "1.100");
        noticeAndWait(thread, notice("FAILED", "메모리 초과", List.of(), Reply.Tone.ERROR,
            Card.field("cause", "메모리 초과")));
        noticeAndWait(thread, notice("COMPLETED", "n", List.of(), Reply.Tone.SUCCESS));
        List<Map<String, String>> posts = slack.calls("chat.postMessage");
        assertTrue(List.of("true", "1").contains(posts.get(0).get("reply_broadcast")), posts.get(0).toString());
        assertFalse(List.of("true", "1").contains(String.valueOf(posts.get(1).get("reply_broadcast"))));
        front.close();

        for (String setting : List.of("all", "none")) {
            slack.wm.resetRequests();
            extraEnv.put("SLURM_RUNNER_BROADCAST", setting);
            start();
            noticeAndWait(thread, notice("FAILED", "x", List.of(), Reply.Tone.ERROR));
            noticeAndWait(thread, notice("COMPLETED", "n", List.of(), Reply.Tone.SUCCESS));
            posts = slack.calls("chat.postMessage");
            boolean expected = setting.equals("all");
            for (Map<String, String> p : posts) {
                assertEquals(expected, List.of("true", "1").contains(String.valueOf(p.get("reply_broadcast"))),
                    setting + ": " + p);
            }
            front.close();
        }
        front = null;
    }
}
