package ptj.slurmrunner.intent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.config.ProfileCatalog;

/**
 * The eval harness of {@link IntentEvalTest} over the whole stack with the LangChain4j parser: (1) against a WireMock
 * stand-in that answers with the recorded tool calls of src/test/resources/intent/llm-recorded.tsv (HTTP 500 for
 * any other message), (2) against the real provider when LLM_* is set. Safety rows must stay at 0 misses.
 */
class LlmEvalIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static WireMockServer server;
    @TempDir
    static Path project;
    static ProfileCatalog catalog;

    @BeforeAll
    static void start() throws IOException {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        catalog = new ProfileCatalog(TestProfiles.projectWithExampleProfiles(project));
        IntentEvalTest.tmp = project;
        IntentEvalTest.setUp();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static IntentParser stack(LlmConfig config) {
        RuleParser rules = new RuleParser(catalog::list);
        BankClassifier c = BankClassifier.build(ExampleBank.load(), catalog.names());
        LlmParser llm = new LlmParser(config.chatModel().orElseThrow(), config.timeout(), rules, catalog::list);
        return new HybridParser(new ClassifyingParser(rules, () -> c), llm::propose);
    }

    @Test
    void recorded_model_answers() throws IOException {
        server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(10)
            .willReturn(aResponse().withStatus(500)));
        try (InputStream in = LlmEvalIT.class.getResourceAsStream("/intent/llm-recorded.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", 2);
                server.stubFor(post(urlPathEqualTo("/v1/chat/completions")).atPriority(1)
                    .withRequestBody(matchingJsonPath("$.messages[1].content", equalTo(f[0])))
                    .willReturn(okJson(completion(f[1]))));
            }
        }
        LlmConfig config = new LlmConfig(LlmConfig.Provider.OPENAI, server.baseUrl() + "/v1", "test-key",
            "recorded", Duration.ofSeconds(5));
        IntentParser parser = stack(config);
        for (String set : IntentEvalTest.allSets()) {
            IntentEvalTest.evaluate("(LLM recorded) " + set + ", rules + classifier + LLM", set, false, parser);
        }
        List<String> misses = IntentEvalTest.safetyMisses("(LLM recorded) safety", parser);
        assertTrue(misses.isEmpty(), misses.toString());
    }

    @Test
    void real_model_when_configured() throws IOException {
        LlmConfig config = LlmConfig.fromEnvironment(System.getenv()).config();
        if (!config.enabled()) {
            IntentEvalTest.print("(LLM real) skipped: no LLM_* configured\n");
            return;
        }
        IntentParser parser = stack(config);
        for (String set : IntentEvalTest.allSets()) {
            IntentEvalTest.evaluate("(LLM real " + config.model() + ") " + set + ", rules + classifier + LLM", set, false, parser);
        }
        IntentEvalTest.safetyMisses("(LLM real " + config.model() + ") safety", parser);
    }

    static String completion(String arguments) throws IOException {
        ObjectNode call = JSON.createObjectNode().put("id", "call_rec").put("type", "function");
        call.putObject("function").put("name", LlmParser.TOOL).put("arguments", arguments);
        ObjectNode msg = JSON.createObjectNode().put("role", "assistant").putNull("content");
        msg.putArray("tool_calls").add(call);
        ObjectNode choice = JSON.createObjectNode().put("index", 0).put("finish_reason", "tool_calls");
        choice.set("message", msg);
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-rec").put("object", "chat.completion")
            .put("created", 1764130000).put("model", "recorded");
        root.putArray("choices").add(choice);
        root.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
        return JSON.writeValueAsString(root);
    }
}
