package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.slack.api.util.json.GsonFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.policy.Decision;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.policy.ProfileCard;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.slack.cards.BlockLimits;

/**
 * Every card kind, rendered from fixtures (the toolkit's JSON through the real Reports, the watcher's notices, a
 * job card after its updates) including extreme ones — 200 jobs in status, a 64 KB log tail, 64-character profile
 * names, 300 result files, 500 history lines — checked against Block Kit's limits in the JSON Slack would get.
 */
class CardLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG = "p".repeat(60) + "_v99"; // the longest profile name the policy accepts: 64
    private static final List<String> PROFILES = List.of("backtest_v5", "optimizer_v5", LONG);
    private final Reports reports = new Reports(new LogDiagnoser());
    private final BlockRenderer renderer = new BlockRenderer();

    private static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = CardLimitsTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static Plan plan(Action a, String profile, Map<String, String> extra, ProfileCard card) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (profile != null) vars.put("PROFILE", profile);
        vars.putAll(extra);
        return new Plan(a, a.makeTarget().orElse(null), vars, false, profile, false, card, null, List.of(),
            List.of(), Plan.Basis.NONE);
    }

    private Reply result(Action a, String profile, ObjectNode json) {
        return reports.result(plan(a, profile, Map.of(), null), MakeResult.ofJson(json), PROFILES, "/home/u/ptj");
    }

    private static ProfileCard card(String name) {
        return new ProfileCard(name, "긴 설명 ".repeat(100), "simulation/backtests/" + name + ".py", "", "20", "40G",
            "02:00:00", "all", "default", "ptj_stock_lab.sqsh", 10, List.of("data/results/" + "x".repeat(3000)));
    }

    /** Every card kind the bot sends, normal and extreme. */
    Map<String, Reply> kinds() throws IOException {
        Map<String, Reply> k = new LinkedHashMap<>();
        k.put("submit", result(Action.RUN, "backtest_v5", fixture("submit")));
        ObjectNode longSubmit = fixture("submit").put("profile", LONG).put("runDir", "runs/" + LONG + "-20260224-143052")
            .put("script", "simulation/" + "deep/".repeat(400) + "x.py");
        k.put("submit_long_profile", reports.result(plan(Action.RUN, LONG, Map.of("CPUS", "4", "MEM", "8G",
            "TIME", "1-02:00:00", "PARTITION", "all", "ACCOUNT", "default"), null), MakeResult.ofJson(longSubmit),
            PROFILES, "/p"));
        k.put("confirm", reports.confirmation(plan(Action.RUN, LONG, Map.of(), card(LONG)),
            List.of("이유 ".repeat(2000)), "p1:yes", "p1:no"));
        k.put("status", result(Action.STATUS, null, fixture("status")));
        ObjectNode many = JSON.createObjectNode().put("ok", true);
        ArrayNode jobs = many.putArray("jobs");
        for (int i = 0; i < 200; i++) {
            jobs.addObject().put("jobId", String.valueOf(10000 + i)).put("name", "ptj-" + LONG)
                .put("state", i % 3 == 0 ? "PENDING" : "RUNNING").put("elapsed", "1-00:00:0" + (i % 10))
                .put("nodes", "1").put("nodelist", "node" + i).put("reason", "Priority");
        }
        k.put("status_200_jobs", result(Action.STATUS, null, many));
        ObjectNode log = fixture("log").put("text", ("line <!channel> & ``` " + "x".repeat(40) + "\n").repeat(1100));
        k.put("log_64k", reports.result(plan(Action.LOG, LONG, Map.of("JOBID", "12345"), null), MakeResult.ofJson(log),
            PROFILES, "/p"));
        k.put("log", result(Action.LOG, "backtest_v5", fixture("log")));
        k.put("collect", result(Action.COLLECT, "backtest_v5", fixture("collect")));
        ObjectNode bigCollect = fixture("collect");
        ArrayNode results = bigCollect.putArray("results");
        for (int i = 0; i < 300; i++) results.add("data/results/backtests/" + LONG + "_" + i + ".csv");
        k.put("collect_300_files", result(Action.COLLECT, LONG, bigCollect));
        k.put("cancel", reports.result(plan(Action.CANCEL, null, Map.of("JOBID", "12345"), null),
            MakeResult.ofJson(fixture("cancel")), PROFILES, "/p"));
        k.put("recover", result(Action.RECOVER, "backtest_v5", fixture("recover")));
        k.put("show", result(Action.SHOW, "backtest_v5", fixture("show")));
        ObjectNode failed = fixture("watch_failed").put("logTail", ("Traceback <x> line\n").repeat(3500));
        k.put("job_failed_64k_tail", reports.result(plan(Action.WATCH, LONG, Map.of(), null), MakeResult.ofJson(failed),
            PROFILES, "/p"));
        k.put("error", result(Action.RUN, "backtest_v5", fixture("ssh_failed")));
        k.put("refusal", reports.denied(new Decision.Denied("not_admin", "관리자만 ".repeat(900), "힌트")));
        k.put("help", reports.help());
        List<AuditEntry> history = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            history.add(new AuditEntry("2026-11-30T10:00:00Z", "result", "U" + i, "C1", null, "run", LONG,
                String.valueOf(i), null, null, "make slurm-run", Map.of(), "ok", null));
        }
        k.put("history_500", reports.history(history, null));
        k.put("progress", reports.progress(plan(Action.RUN, LONG, Map.of(), null)));
        k.put("notice_pending", new Reply(Reply.Tone.INFO, "⏳ 대기", List.of(), null, true)
            .withCard(Card.jobNotice("12345", LONG, "PENDING", "Priority".repeat(400), Card.field("reason", "R"))));
        k.put("notice_running", new Reply(Reply.Tone.INFO, "🏃 실행", List.of(), null, true)
            .withCard(Card.jobNotice("12345", LONG, "RUNNING", "node1", Card.field("node", "node".repeat(900)))));
        k.put("notice_failed", new Reply(Reply.Tone.ERROR, "❌ 실패\n" + "evidence\n".repeat(9000),
            List.of(new Reply.Choice("act:log:" + LONG + ":12345", "로그".repeat(100), null)), null, true)
            .withCard(Card.jobNotice("12345", LONG, "FAILED", "원인", Card.field("cause", "원인 ".repeat(2000)))));
        Card submitCard = k.get("submit_long_profile").card();
        Card moved = submitCard;
        for (String st : List.of("PENDING", "RUNNING", "FAILED")) {
            moved = ptj.slurmrunner.slack.cards.JobCardsAccess.merge(moved,
                Card.jobNotice(submitCard.job().jobId(), LONG, st, "cause ".repeat(1000),
                    Card.field("node", "n"), Card.field("cause", "c ".repeat(3000))));
        }
        k.put("job_card_after_failure", new Reply(Reply.Tone.ERROR, null, List.of(), null, true, moved));
        // a 100-task sweep: its confirmation, its one card, the card after the end, the end notice
        ObjectNode sweep = fixture("submit").put("profile", LONG).put("sweep", "stop-loss=" + "0.1,".repeat(9) + "0.2"
            + " take-profit=" + "1,2,3,4,5,6,7,8,9,10").put("maxParallel", "10").put("array", "0-99%10");
        ArrayNode sweepTasks = sweep.putArray("tasks");
        for (int i = 0; i < 100; i++) sweepTasks.addObject().put("index", i).put("args", "--stop-loss 0." + i
            + " --take-profit " + i);
        Plan sweepPlan = plan(Action.SWEEP, LONG, Map.of("SWEEP", "seed=1..100", "MAX_PARALLEL", "10"), card(LONG));
        k.put("sweep_confirm_100", reports.confirmation(sweepPlan, List.of("Task 100개"), "p2:yes", "p2:no"));
        Reply sweepSubmit = reports.result(sweepPlan, MakeResult.ofJson(sweep), PROFILES, "/p");
        k.put("sweep_card_100", sweepSubmit);
        Card sweepCard = sweepSubmit.card();
        for (String st : List.of("PENDING", "RUNNING", "FAILED")) {
            sweepCard = ptj.slurmrunner.slack.cards.JobCardsAccess.merge(sweepCard, Card.jobNotice(sweepCard.job().jobId(),
                LONG, st, "실패 Task 40개", Card.field("tasks", "⏳ 0 · 🏃 0 · ✅ 60 · ❌ 40"), Card.field("elapsed", "01:00:00")));
        }
        k.put("sweep_card_100_after_end", new Reply(Reply.Tone.ERROR, null, List.of(), null, true, sweepCard));
        StringBuilder endText = new StringBuilder("[Sweep 종료: 실패 Task 있음] " + LONG + " (Job 12345, Task 100개)");
        for (int i = 0; i < 100; i++) endText.append("\n  ❌ 12345_").append(i).append(" FAILED (exit 1:0): ")
            .append("원인 ".repeat(30));
        k.put("sweep_end_notice_100", new Reply(Reply.Tone.WARNING, endText.toString(), List.of(new Reply.Choice(
            "act:collect:" + LONG + ":12345", "결과 가져오기", "primary")), null, true).withCard(Card.jobNotice("12345",
            LONG, "FAILED", "실패 Task 100개", Card.field("tasks", "⏳ 0 · 🏃 0 · ✅ 0 · ❌ 100"))
            .withBody(endText.toString())));
        List<Reply.Choice> choices = new ArrayList<>();
        for (int i = 0; i < 40; i++) choices.add(new Reply.Choice("c" + i + ":yes", "선택 ".repeat(50), "primary"));
        k.put("too_many_choices", new Reply(Reply.Tone.QUESTION, "질문", choices, null, true));
        List<Card.Field> fields = new ArrayList<>();
        for (int i = 0; i < 40; i++) fields.add(new Card.Field("항목 " + i, "값".repeat(3000)));
        k.put("too_many_fields", new Reply(Reply.Tone.INFO, "많은 항목", List.of(), null, true,
            Card.of(Card.Kind.INFO, "제목".repeat(200)).withFields(fields).withContext("r".repeat(5000), "m".repeat(5000))));
        return k;
    }

    @Test
    void should_keep_every_card_kind_inside_block_kits_limits() throws Exception {
        Map<String, Reply> kinds = kinds();
        for (Map.Entry<String, Reply> e : kinds.entrySet()) {
            BlockRenderer.Rendered out = renderer.render(e.getValue(), "U1");
            JsonNode blocks = JSON.readTree(GsonFactory.createSnakeCase().toJson(out.blocks()));
            List<String> broken = violations(blocks, out.text());
            assertTrue(broken.isEmpty(), e.getKey() + ": " + broken);
        }
        assertEquals(28, kinds.size(), "every kind is checked: " + kinds.keySet());
    }

    @Test
    void should_see_a_message_slack_would_refuse() throws Exception {
        JsonNode bad = JSON.readTree("[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\""
            + "h".repeat(151) + "\"}},{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\""
            + "s".repeat(3001) + "\"}}]");
        assertEquals(List.of("fallback not Korean: x", "header length", "section text 3001"), violations(bad, "x"));
    }

    @Test
    void should_render_a_card_with_a_header_two_column_fields_steps_and_context() throws Exception {
        Reply submit = kinds().get("submit");
        JsonNode b = JSON.readTree(GsonFactory.createSnakeCase().toJson(renderer.render(submit, "U1").blocks()));
        assertEquals("header", b.get(0).get("type").asText());
        assertEquals("⏳ Job 제출 완료 · backtest_v5 Job 12345", b.get(0).get("text").get("text").asText());
        assertTrue(b.get(1).get("fields").size() >= 6);
        assertTrue(b.get(1).get("fields").get(0).get("text").asText().contains("12345"));
        JsonNode steps = null;
        for (JsonNode x : b) if ("slurm_steps".equals(x.path("block_id").asText())) steps = x.get("elements");
        List<String> values = new ArrayList<>();
        for (JsonNode s : steps) values.add(s.get("value").asText());
        assertEquals(List.of("act:log:backtest_v5:12345", "act:status:-:-", "act:cancel:backtest_v5:12345",
            "act:rerun:backtest_v5:-"), values);
        JsonNode cancel = steps.get(2);
        assertEquals("danger", cancel.get("style").asText());
        assertTrue(cancel.get("confirm").get("text").get("text").asText().contains("12345"));
        String context = b.get(b.size() - 1).toString();
        assertTrue(context.contains("<@U1>") && context.contains("runs/backtest_v5-20260224-143052/")
            && context.contains("make slurm-run PROFILE=backtest_v5"), context);
        assertFalse(b.toString().contains("make slurm-log PROFILE"), "next steps are buttons, not make text");
        if (Boolean.getBoolean("cards.dump")) { // for docs/slack-cards.md
            for (String k : List.of("submit", "job_card_after_failure", "status", "confirm")) {
                BlockRenderer.Rendered r = renderer.render(kinds().get(k), "U1");
                System.out.println("CARD " + k + " text=" + r.text() + "\n"
                    + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    JSON.readTree(GsonFactory.createSnakeCase().toJson(r.blocks()))));
            }
        }
    }

    /** What Slack would refuse in this message, empty when nothing. */
    static List<String> violations(JsonNode blocks, String fallback) {
        List<String> out = new ArrayList<>();
        if (fallback == null || fallback.isBlank() || fallback.length() > BlockLimits.FALLBACK_TEXT) {
            out.add("fallback text " + (fallback == null ? "null" : fallback.length()));
        } else if (!fallback.codePoints().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3)) {
            out.add("fallback not Korean: " + fallback);
        }
        if (blocks.size() > BlockLimits.BLOCKS) out.add("blocks " + blocks.size());
        for (JsonNode b : blocks) {
            String type = b.get("type").asText();
            switch (type) {
                case "header" -> {
                    if (!"plain_text".equals(b.get("text").get("type").asText())) out.add("header not plain_text");
                    if (b.get("text").get("text").asText().length() > BlockLimits.HEADER_TEXT) out.add("header length");
                }
                case "section" -> {
                    if (b.has("text") && b.get("text").get("text").asText().length() > BlockLimits.SECTION_TEXT) {
                        out.add("section text " + b.get("text").get("text").asText().length());
                    }
                    if (b.has("fields")) {
                        if (b.get("fields").size() > BlockLimits.FIELDS) out.add("fields " + b.get("fields").size());
                        for (JsonNode f : b.get("fields")) {
                            if (f.get("text").asText().length() > BlockLimits.FIELD_TEXT) out.add("field length");
                        }
                    }
                    if (!b.has("text") && !b.has("fields")) out.add("empty section");
                }
                case "actions" -> {
                    JsonNode els = b.get("elements");
                    if (els.size() == 0 || els.size() > BlockLimits.ACTIONS_ELEMENTS) out.add("actions " + els.size());
                    java.util.Set<String> ids = new java.util.HashSet<>();
                    for (JsonNode el : els) {
                        if (!ids.add(el.get("action_id").asText())) out.add("duplicate action_id");
                        if (el.get("text").get("text").asText().length() > BlockLimits.BUTTON_TEXT) out.add("button text");
                        if (el.get("value").asText().length() > BlockLimits.ACTION_VALUE) out.add("button value");
                        if (el.has("confirm")) {
                            JsonNode c = el.get("confirm");
                            if (c.get("title").get("text").asText().length() > BlockLimits.CONFIRM_TITLE
                                || c.get("text").get("text").asText().length() > BlockLimits.CONFIRM_TEXT
                                || c.get("confirm").get("text").asText().length() > BlockLimits.CONFIRM_BUTTON
                                || c.get("deny").get("text").asText().length() > BlockLimits.CONFIRM_BUTTON) {
                                out.add("confirm dialog");
                            }
                        }
                    }
                }
                case "context" -> {
                    JsonNode els = b.get("elements");
                    if (els.size() == 0 || els.size() > BlockLimits.CONTEXT_ELEMENTS) out.add("context " + els.size());
                    for (JsonNode el : els) {
                        if (el.get("text").asText().length() > BlockLimits.SECTION_TEXT) out.add("context text");
                    }
                }
                default -> out.add("unexpected block " + type);
            }
        }
        return out;
    }
}
