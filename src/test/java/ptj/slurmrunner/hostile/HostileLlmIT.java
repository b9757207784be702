package ptj.slurmrunner.hostile;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.intent.HybridParser;
import ptj.slurmrunner.intent.LlmConfig;
import ptj.slurmrunner.intent.LlmParser;
import ptj.slurmrunner.intent.RuleParser;

/**
 * The hostile-input suite with the LLM in the loop: 10,000 seeded messages (prompt injection included) through
 * HybridParser(rules, LlmParser) + policy + pipeline, while the WireMock model answers with hostile tool calls —
 * recorded ones (src/test/resources/llm/hostile-*.json, malformed-*.json) and generated ones (destructive actions,
 * invented job ids, shell in every field, "confident": true). Same invariants as HostileInputTest.
 */
class HostileLlmIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = "/v1/chat/completions";
    static final String[] RECORDED = {"hostile-cancel-invented-id.json", "hostile-clean.json", "hostile-other-tool.json",
        "hostile-overrides.json", "hostile-path-profile.json", "hostile-unknown-action.json", "malformed-arguments.json",
        "malformed-no-json.json"};
    static final String[] ACTIONS = {"clean", "cancel", "image-build", "image-refresh", "image-setup", "image-push", "run",
        "full", "submit", "push", "collect", "recover", "status", "log", "rm", "shell", "slurm-clean", "make", "exec", ""};
    static final String[] VALUES = {"backtest_v5", "optimizer_v5", "../../etc", "backtest_v5; rm -rf ~", "$(reboot)",
        "`id`", "12345", "1", "0", "all; reboot", "gpu", "16G", "$(id)G", "04:00:00", "99:99:99", "err", "../../x", "yes",
        "none", "null", "\u0000", "\u202e", "A".repeat(500)};

    WireMockServer server;
    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = HostileLlmIT.class.getResourceAsStream("/llm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A chat-completions answer whose one tool call carries {@code arguments}, shaped like the recorded ones. */
    static String toolCall(String arguments) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(fixture("hostile-clean.json"));
        ObjectNode fn = (ObjectNode) root.path("choices").get(0).path("message").path("tool_calls").get(0).path("function");
        fn.put("arguments", arguments);
        return root.toString();
    }

    static String hostileArguments(Random r) {
        ObjectNode a = JSON.createObjectNode();
        a.put("action", ACTIONS[r.nextInt(ACTIONS.length)]);
        for (String k : List.of("profile", "jobId", "cpus", "mem", "time", "partition", "account", "lines", "stream")) {
            if (r.nextInt(3) == 0) a.put(k, VALUES[r.nextInt(VALUES.length)]);
        }
        a.put("confident", r.nextInt(5) != 0);
        if (r.nextInt(4) == 0) a.put("dryRun", r.nextBoolean());
        if (r.nextInt(6) == 0) a.put("confirm", "yes"); // not a parameter: must be ignored
        return a.toString();
    }

    @Test
    void should_keep_every_invariant_while_the_model_answers_with_hostile_tool_calls() throws IOException {
        Path project = tmp.resolve("project");
        Path profiles = project.resolve("slurm/profiles");
        Files.createDirectories(profiles);
        for (String p : List.of("backtest_v5", "optimizer_v5", "study_exit_params")) {
            Files.copy(Path.of("slurm/profiles/" + p + ".conf"), profiles.resolve(p + ".conf"));
        }
        ProfileCatalog catalog = new ProfileCatalog(project);
        RuleParser rules = new RuleParser(catalog::list);
        LlmConfig config = new LlmConfig(LlmConfig.Provider.OPENAI, server.baseUrl() + "/v1", "test-key", "gpt-4o-mini",
            Duration.ofSeconds(5));
        LlmParser llm = new LlmParser(config.chatModel().orElseThrow(), Duration.ofSeconds(5), rules, catalog::list);
        HostileHarness h = new HostileHarness(new HybridParser(rules, llm::propose), tmp, 7_2026L);
        Random r = new Random(7_2026L);
        // 4,000 here (each unsure message costs a model round trip, ~50 ms on a loaded 2-core box) on top of the 10,000 of
        // HostileInputTest; -Dhostile.llm.messages=10000 for the full count
        List<String> messages = new HostileMessages(7_2026L).take(Integer.getInteger("hostile.llm.messages", 4_000));
        for (int i = 0; i < messages.size(); i++) {
            if (i % 100 == 0) {
                server.resetAll();
                String body = r.nextInt(4) == 0 ? fixture(RECORDED[r.nextInt(RECORDED.length)]) : toolCall(hostileArguments(r));
                server.stubFor(post(urlPathEqualTo(CHAT)).willReturn(okJson(body)));
            }
            h.drive(messages.get(i));
        }
        int llmCalls = server.findAll(postRequestedFor(urlPathEqualTo(CHAT))).size();
        HostileInputTest.report(h);
        System.out.println("HOSTILE-LLM model calls in the last batch: " + llmCalls);
        assertTrue(h.violations.isEmpty(), h.violations.size() + " violations, first: "
            + h.violations.stream().limit(15).collect(Collectors.joining("\n  ", "\n  ", "")));
        assertTrue(h.choicesOffered > messages.size() / 100, "confirmations offered: " + h.choicesOffered);
    }
}
