package ptj.slurmrunner.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.Runner;
import ptj.slurmrunner.watch.FakeArray;
import ptj.slurmrunner.watch.SlurmPoller;
import ptj.slurmrunner.watch.Watcher;
import ptj.slurmrunner.watch.WatcherAccess;

/**
 * A sweep in Slack (real Bolt, signed HTTP, the Slack stand-in, the real pipeline/policy/reports and a real watcher
 * over a fake login node): one card for the array edited in place with the task counts, one end notice as a card,
 * a bounded number of Slack calls for 50 tasks, and after "결과 가져와" a comparison card and a chart PNG in the
 * same thread. Plus the confirmation card's "리소스 바꿔서 실행" opening the run modal.
 */
class SlackSweepCardsIT {
    static final String SECRET = "test-signing-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final int TASKS = 50;
    static final String ARRAY = "812";
    @TempDir Path state;
    SlackStandIn slack;
    SlackFrontEnd front;
    final FakeState project = FakeState.seed();
    final List<String> makeCalls = new CopyOnWriteArrayList<>();
    final List<String> submitted = new CopyOnWriteArrayList<>();
    final List<Watcher> watchers = new ArrayList<>();

    /** The sweep's submit answer (make slurm-sweep OUTPUT=json) for seed=1..50. */
    static ObjectNode sweepJson() {
        ObjectNode j = JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5").put("jobId", ARRAY)
            .put("runDir", "runs/backtest_v5-20260224-143052").put("script", "simulation/backtests/backtest_v5.py")
            .put("sweep", "seed=1.." + TASKS).put("cpus", "20").put("mem", "40G").put("time", "02:00:00")
            .put("maxParallel", "10").put("array", "0-" + (TASKS - 1) + "%10").put("partition", "all")
            .put("account", "default").put("taskCount", TASKS);
        ArrayNode tasks = j.putArray("tasks");
        for (int i = 0; i < TASKS; i++) tasks.addObject().put("index", i).put("args", "--seed " + (i + 1));
        return j;
    }

    /** The sweep's collect answer: every task, its state and its summary file. */
    static ObjectNode collectJson(int failed) {
        ObjectNode j = JSON.createObjectNode().put("ok", true).put("profile", "backtest_v5").put("jobId", ARRAY)
            .put("state", "FAILED").put("runDir", "runs/backtest_v5-20260224-143052").put("removed", false);
        j.putArray("results").add("data/results/backtests/");
        j.putArray("logs").add("slurm/logs/" + ARRAY + "_0.out");
        ArrayNode tasks = j.putArray("tasks");
        for (int i = 0; i < TASKS; i++) {
            tasks.addObject().put("index", i).put("jobId", ARRAY + "_" + i).put("args", "--seed " + (i + 1))
                .put("state", i == failed ? "FAILED" : "COMPLETED")
                .put("summary", "data/results/backtests/backtest_v5_" + ARRAY + "_" + i + "_summary.json");
        }
        return j;
    }

    final Runner make = new Runner() {
        @Override
        public MakeResult run(String target, Map<String, String> vars, Consumer<String> progress) {
            StringBuilder b = new StringBuilder(target);
            vars.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
            makeCalls.add(b.toString());
            return MakeResult.ofJson(switch (target) {
                case "slurm-sweep" -> sweepJson();
                case "slurm-collect" -> collectJson(7);
                default -> JSON.createObjectNode().put("ok", true);
            });
        }
    };

    static final class MutableClock extends Clock {
        volatile Instant now = Instant.parse("2026-02-24T14:30:52Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @BeforeEach
    void up() {
        slack = new SlackStandIn();
        slack.wm.stubFor(post(urlPathEqualTo("/api/views.open")).willReturn(okJson("{\"ok\":true}")));
    }

    void start() throws Exception {
        SubmittedJobs jobs = (origin, profile, jobId, collect) -> submitted.add(profile + ":" + jobId);
        front = new SlackFrontEnd(slack.httpSettings(SECRET, state), notices -> new Pipeline(new RuleParser(), new Policy(),
            () -> project, new PlanStore(), make, new Reports(new LogDiagnoser()),
            new AuditLog(state.resolve("audit.jsonl")), jobs, "", state, Clock.systemUTC(), false), (u, c, t, code) -> { });
        front.start();
    }

    @AfterEach
    void down() throws Exception {
        watchers.forEach(Watcher::close);
        if (front != null) front.close();
        slack.close();
    }

    void mention(String eventId, String text) throws Exception {
        assertEquals(200, SignedEvents.send(front, SECRET, SignedEvents.mention(eventId, "U1", "1.100", text),
            "application/json").statusCode());
        idle();
    }

    void click(JsonNode blocks, JsonNode button, String blockId, String messageTs, String actionTs) throws Exception {
        assertEquals(200, SignedEvents.send(front, SECRET, SlackCardsIT.clickBody("U1", blocks, button, blockId,
            messageTs, actionTs), "application/x-www-form-urlencoded").statusCode());
        idle();
    }

    void idle() {
        assertTrue(front.listeners().awaitIdle(20, TimeUnit.SECONDS), "work did not finish");
    }

    List<SlackCardsIT.Msg> messages() throws Exception {
        return SlackCardsIT.messages(slack);
    }

    /** Waits until {@code check} holds (the pacer posts notices on its own thread). */
    static void await(Supplier<Boolean> check, String what) throws InterruptedException {
        await(check, () -> what);
    }

    static void await(Supplier<Boolean> check, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!check.get()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out: " + what.get());
            Thread.sleep(20);
        }
    }

    static String fields(JsonNode blocks) {
        StringBuilder b = new StringBuilder();
        for (JsonNode x : blocks) if (x.has("fields")) b.append(x.get("fields"));
        return b.toString();
    }

    Watcher watcher(FakeArray login, MutableClock clock) throws Exception {
        Files.createDirectories(state.resolve("slurm/jobs"));
        StringBuilder f = new StringBuilder(ARRAY + "\n");
        for (int i = 0; i < TASKS; i++) f.append("--seed ").append(i + 1).append('\n');
        Files.writeString(state.resolve("slurm/jobs/backtest_v5.sweep"), f.toString());
        Watcher.Options o = Watcher.Options.defaults("/remote/ptj", state)
            .withIntervals(Duration.ofMillis(50), Duration.ofMillis(200)).withPendingNoticeAfter(Duration.ofHours(1));
        Watcher w = new Watcher(new SlurmPoller(login), login, front.notices(), new LogDiagnoser(), null,
            Files.createDirectories(state.resolve("watch")), o, clock);
        watchers.add(w);
        return w;
    }

    void writeSummaries(int failed) throws Exception {
        Path dir = Files.createDirectories(state.resolve("data/results/backtests"));
        for (int i = 0; i < TASKS; i++) {
            if (i == failed) continue;
            double sharpe = 1.0 + Math.sin(i / 5.0); // best near seed 9 (i = 8)
            Files.writeString(dir.resolve("backtest_v5_" + ARRAY + "_" + i + "_summary.json"), String.format(
                java.util.Locale.ROOT, "{\"sharpe\": %.4f, \"totalReturn\": %.4f, \"trades\": %d}", sharpe,
                sharpe / 4, 40 + i));
        }
    }

    @Test
    void should_follow_a_50_task_sweep_on_one_card_with_bounded_posts_then_compare_it_with_a_chart() throws Exception {
        start();
        mention("Ev1", "backtest_v5 seed 1부터 50까지 돌려줘");
        SlackCardsIT.Msg question = messages().stream()
            .filter(m -> SlackCardsIT.block(m.blocks(), "slurm_choices") != null).findFirst().orElseThrow();
        JsonNode choices = SlackCardsIT.block(question.blocks(), "slurm_choices");
        assertTrue(question.blocks().toString().contains("50개"), "the confirmation shows the task count");
        click(question.blocks(), choices.get("elements").get(0), choices.get("block_id").asText(), question.ts(),
            "9.001");
        assertTrue(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-sweep PROFILE=backtest_v5 SWEEP=seed=1..50")),
            makeCalls.toString());
        assertEquals(List.of("backtest_v5:" + ARRAY), submitted);
        List<SlackCardsIT.Msg> all = messages();
        SlackCardsIT.Msg card = all.get(all.size() - 1);
        assertEquals("update", card.method());
        assertEquals(question.ts(), card.ts(), "the question becomes the sweep's one card");
        String cardTs = card.ts();
        assertEquals("⏳ Sweep 제출 완료 · backtest_v5 Job 812", SlackCardsIT.header(card.blocks()));
        assertTrue(fields(card.blocks()).contains("50개 · ⏳ 50 · 🏃 0 · ✅ 0 · ❌ 0"), fields(card.blocks()));
        assertTrue(fields(card.blocks()).contains("seed=1..50") && fields(card.blocks()).contains("최대 10개"));
        assertNotNull(SlackCardsIT.button(SlackCardsIT.block(card.blocks(), "slurm_steps"), "act:cancel:backtest_v5:812"));

        // the watcher follows the array: 10 at a time, one task ending per poll, 5 s apart
        FakeArray login = new FakeArray();
        MutableClock clock = new MutableClock();
        for (int i = 0; i < TASKS; i++) login.tasks.put(i, i < 10 ? "RUNNING" : "PENDING");
        Watcher w = watcher(login, clock);
        Origin thread = new Origin("U1", "C1", "1.100");
        w.submitted(thread, "backtest_v5", ARRAY, false);
        int before = messages().size();
        int polls = 0;
        for (int i = 0; i < TASKS; i++) {
            WatcherAccess.pollOnce(w);
            polls++;
            clock.now = clock.now.plusSeconds(5);
            login.tasks.put(i, i == 7 ? "FAILED" : "COMPLETED");
            if (i + 10 < TASKS) login.tasks.put(i + 10, "RUNNING");
        }
        WatcherAccess.pollOnce(w);
        polls++;
        await(() -> {
            try {
                return messages().stream().anyMatch(m -> "post".equals(m.method())
                    && fields(m.blocks()).contains("✅ 49 · ❌ 1"));
            } catch (Exception e) {
                return false;
            }
        }, () -> {
            try {
                return "the end notice in " + messages().stream().map(m -> m.method() + " "
                    + SlackCardsIT.header(m.blocks()) + " " + fields(m.blocks())).toList();
            } catch (Exception e) {
                return e.toString();
            }
        });
        Thread.sleep(300); // anything late would be counted below
        List<SlackCardsIT.Msg> after = messages().subList(before, messages().size());
        long posts = after.stream().filter(m -> "post".equals(m.method())).count();
        long updates = after.stream().filter(m -> "update".equals(m.method())).count();
        // 51 polls over 250 s: the card at most once per 30 s plus the running and end edits; two thread posts
        assertTrue(posts <= 2, "one running notice and one end notice: " + posts);
        assertTrue(updates >= 3 && updates <= 250 / 30 + 1 + 3, "card edits bounded by time, not tasks: " + updates);
        assertTrue(after.stream().filter(m -> "update".equals(m.method())).allMatch(m -> cardTs.equals(m.ts())),
            "every edit is the one card");
        SlackCardsIT.Msg midway = after.stream().filter(m -> "update".equals(m.method())
            && fields(m.blocks()).contains("🏃 10 · ✅ ")).findFirst().orElseThrow();
        assertTrue(SlackCardsIT.header(midway.blocks()).startsWith("🏃"), SlackCardsIT.header(midway.blocks()));
        SlackCardsIT.Msg last = after.stream().filter(m -> "update".equals(m.method())).reduce((a, b) -> b).orElseThrow();
        assertTrue(SlackCardsIT.header(last.blocks()).startsWith("❌ backtest_v5 · Job 812"), SlackCardsIT.header(last.blocks()));
        assertTrue(fields(last.blocks()).contains("⏳ 0 · 🏃 0 · ✅ 49 · ❌ 1"), fields(last.blocks()));
        assertFalse(SlackCardsIT.block(last.blocks(), "slurm_steps").toString().contains("act:cancel"));
        SlackCardsIT.Msg end = after.stream().filter(m -> "post".equals(m.method())
            && fields(m.blocks()).contains("✅ 49 · ❌ 1")).findFirst().orElseThrow();
        assertEquals("❌ backtest_v5 · Job 812 실패", SlackCardsIT.header(end.blocks()));
        assertTrue(end.blocks().toString().contains("Sweep 종료: 실패 Task 있음") && end.blocks().toString()
            .contains("효율 (모든 Task 합계)"), "the notice's text is the card's body");
        assertEquals("1.100", end.threadTs());
        assertTrue(fields(end.blocks()).contains("⏳ 0 · 🏃 0 · ✅ 49 · ❌ 1"), "the end notice is a card with counts");
        assertTrue(end.blocks().toString().contains("812_7"), "the failed task is named: " + end.blocks());
        System.out.printf("sweep of %d tasks, %d polls: %d posts, %d card edits%n", TASKS, polls, posts, updates);

        // 결과 가져와 on the end notice: one collect, then the comparison card and the chart in the same thread
        writeSummaries(7);
        project.jobIds.put("backtest_v5", ARRAY);
        project.states.put(ARRAY, "FAILED");
        JsonNode endChoices = SlackCardsIT.block(end.blocks(), "slurm_choices");
        int beforeCollect = messages().size();
        click(end.blocks(), SlackCardsIT.button(endChoices, "act:collect:"), endChoices.get("block_id").asText(),
            end.ts(), "9.100");
        assertTrue(makeCalls.stream().anyMatch(c -> c.startsWith("slurm-collect PROFILE=backtest_v5")), makeCalls.toString());
        await(() -> !slack.calls("files.completeUploadExternal").isEmpty(), "the chart upload");
        List<SlackCardsIT.Msg> collected = messages().subList(beforeCollect, messages().size());
        SlackCardsIT.Msg compare = collected.stream().filter(m -> SlackCardsIT.header(m.blocks()).contains("Sweep 비교"))
            .findFirst().orElseThrow(() -> new AssertionError(collected.toString()));
        assertEquals("1.100", compare.threadTs());
        assertEquals("📊 backtest_v5 Sweep 비교 — Job 812 · sharpe 기준", SlackCardsIT.header(compare.blocks()));
        String table = compare.blocks().get(1).get("text").get("text").asText();
        String[] lines = table.replace("```", "").strip().split("\n");
        assertTrue(lines[1].contains("812_8") && lines[1].contains("--seed 9"), "best first: " + table);
        assertTrue(compare.form().get("text").contains("1위 812_8 --seed 9"), compare.form().get("text"));
        assertEquals(1, slack.calls("files.getUploadURLExternal").size());
        Map<String, String> done = slack.calls("files.completeUploadExternal").get(0);
        assertEquals("C1", done.get("channel_id"));
        assertEquals("1.100", done.get("thread_ts"));
        assertTrue(done.get("files").contains("seed") && done.get("files").contains("sharpe"), done.get("files"));
        assertEquals("backtest_v5_812_sweep_sharpe.png", slack.calls("files.getUploadURLExternal").get(0).get("filename"));
        byte[] png = slack.wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
            urlPathEqualTo("/upload/F1"))).get(0).getBody();
        assertTrue(png.length > 1000, "a PNG of " + png.length + " bytes");
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII), "the upload's bytes are a PNG");
    }

    @Test
    void should_offer_a_resources_button_on_a_runs_confirmation_that_opens_the_run_modal() throws Exception {
        start();
        mention("Ev2", "backtest_v5 실행해줘");
        SlackCardsIT.Msg question = messages().stream()
            .filter(m -> SlackCardsIT.block(m.blocks(), "slurm_choices") != null).findFirst().orElseThrow();
        JsonNode steps = SlackCardsIT.block(question.blocks(), "slurm_steps");
        assertNotNull(steps, "the confirmation card has a steps row: " + question.blocks());
        JsonNode resources = null;
        for (JsonNode e : steps.get("elements")) if ("open_run_modal".equals(e.get("action_id").asText())) resources = e;
        assertNotNull(resources, steps.toString());
        assertEquals("backtest_v5", resources.get("value").asText());
        assertEquals("리소스 바꿔서 실행", resources.get("text").get("text").asText());
        click(question.blocks(), resources, "slurm_steps", question.ts(), "9.201");
        await(() -> !slack.calls("views.open").isEmpty(), "views.open");
        JsonNode view = SlackStandIn.JSON.readTree(slack.calls("views.open").get(0).get("view"));
        assertEquals("run_modal", view.get("callback_id").asText());
        JsonNode where = SlackStandIn.JSON.readTree(view.get("private_metadata").asText());
        assertEquals("C1", where.get("channel").asText(), "its confirmation card comes into this thread");
        assertEquals("1.100", where.get("threadTs").asText());
        assertTrue(makeCalls.isEmpty(), "nothing ran: " + makeCalls);
    }
}
