package ptj.slurmrunner.intent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.intent.Intent.Flag;

/**
 * The LLM parser over real HTTP against WireMock serving recorded chat-completions replies
 * (src/test/resources/llm/*.json): accepted tool calls, malformed, slow, failing and hostile ones.
 */
class LlmParserIT {
    static final String CHAT = "/v1/chat/completions";
    static final ObjectMapper JSON = new ObjectMapper();
    static WireMockServer server;
    @TempDir
    static Path project;
    static ProfileCatalog catalog;
    static List<String> names;
    static RuleParser rules;

    @BeforeAll
    static void start() throws IOException {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        catalog = new ProfileCatalog(TestProfiles.projectWithExampleProfiles(project));
        names = catalog.names();
        rules = new RuleParser(catalog::list);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = LlmParserIT.class.getResourceAsStream("/llm/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void reply(String fixture) throws IOException {
        server.stubFor(post(urlPathEqualTo(CHAT)).willReturn(okJson(fixture(fixture))));
    }

    static LlmParser openAi(Duration timeout) {
        LlmConfig config = new LlmConfig(LlmConfig.Provider.OPENAI, server.baseUrl() + "/v1", "test-key",
            "gpt-4o-mini", timeout);
        return new LlmParser(config.chatModel().orElseThrow(), timeout, rules, catalog::list);
    }

    static LlmParser openAi() {
        return openAi(Duration.ofSeconds(5));
    }

    static List<LoggedRequest> chatCalls() {
        return server.findAll(postRequestedFor(urlPathEqualTo(CHAT)));
    }

    @Test
    void should_accept_a_tool_call_and_send_a_tool_bounded_by_the_action_and_profile_enums() throws IOException {
        reply("run-backtest_v5.json");
        Intent i = openAi().parse("백테스트 한 판 부탁해", names);
        assertEquals(Action.RUN, i.action());
        assertEquals("backtest_v5", i.profile());
        assertTrue(i.isSure());
        assertEquals("llm", i.source());

        List<LoggedRequest> calls = chatCalls();
        assertEquals(1, calls.size());
        JsonNode body = JSON.readTree(calls.get(0).getBodyAsString());
        assertEquals("required", body.path("tool_choice").asText());
        JsonNode fn = body.path("tools").get(0).path("function");
        assertEquals("propose_intent", fn.path("name").asText());
        List<String> actions = new ArrayList<>();
        fn.path("parameters").path("properties").path("action").path("enum").forEach(n -> actions.add(n.asText()));
        assertEquals(Arrays.stream(Action.values()).map(Action::wireName).toList(), actions);
        List<String> profiles = new ArrayList<>();
        fn.path("parameters").path("properties").path("profile").path("enum").forEach(n -> profiles.add(n.asText()));
        assertEquals(List.of("backtest_v5", "optimizer_v5", "study_exit_params", "none"), profiles);
        String system = body.path("messages").get(0).path("content").asText();
        assertTrue(system.contains("backtest_v5, optimizer_v5, study_exit_params"), system);
        assertTrue(system.contains("experiments/study_exit_params.py → study_exit_params"), system);
        assertEquals("백테스트 한 판 부탁해", body.path("messages").get(1).path("content").asText());
        assertEquals("Bearer test-key", calls.get(0).getHeader("Authorization"));
    }

    @Test
    void should_take_log_stream_and_lines_from_the_tool_arguments() throws IOException {
        reply("log-err-100.json");
        Intent i = openAi().parse("옵티 에러 쪽 100줄만", names);
        assertEquals(Action.LOG, i.action());
        assertEquals("optimizer_v5", i.profile());
        assertEquals(Map.of("STREAM", "err", "LINES", "100"), i.overrides());
    }

    @Test
    void should_read_a_json_answer_given_as_text_by_a_model_without_tool_support() throws IOException {
        reply("text-json-run.json");
        Optional<Intent> i = openAi().propose("백테스트 한 판 부탁해", names);
        assertEquals(Action.RUN, i.orElseThrow().action());
        assertEquals("backtest_v5", i.orElseThrow().profile());
    }

    @Test
    void should_fall_back_to_the_rules_on_malformed_arguments() throws IOException {
        reply("malformed-arguments.json");
        Intent i = openAi().parse("backtest_v5 CPU 40개로", names);
        assertTrue(i.has(Flag.LLM_FAILED));
        assertFalse(i.isSure());
        assertEquals("rules", i.source());
        assertEquals(Action.RUN, i.action(), "the rules' reading");
        assertEquals("backtest_v5 실행을 말씀하신 건가요? 맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요.", i.question());
    }

    @Test
    void should_fall_back_when_the_reply_has_neither_tool_call_nor_json() throws IOException {
        reply("malformed-no-json.json");
        assertTrue(openAi().propose("아무거나", names).isEmpty());
        assertTrue(openAi().parse("아무거나", names).has(Flag.LLM_FAILED));
    }

    @Test
    void should_fall_back_quickly_when_the_model_is_slow() throws IOException {
        server.stubFor(post(urlPathEqualTo(CHAT))
            .willReturn(okJson(fixture("run-backtest_v5.json")).withFixedDelay(4000)));
        long start = System.nanoTime();
        Intent i = openAi(Duration.ofMillis(500)).parse("backtest_v5 CPU 40개로", names);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(i.has(Flag.LLM_FAILED));
        assertFalse(i.isSure());
        assertTrue(ms < 2500, "gave up after " + ms + " ms");
        assertEquals(1, chatCalls().size(), "no retries");
    }

    @Test
    void should_fall_back_on_http_errors_without_retrying() {
        server.stubFor(post(urlPathEqualTo(CHAT)).willReturn(aResponse().withStatus(500).withBody("{\"error\":{}}")));
        assertTrue(openAi().parse("backtest_v5 CPU 40개로", names).has(Flag.LLM_FAILED));
        assertEquals(1, chatCalls().size(), "maxRetries(0)");
        server.resetAll();
        server.stubFor(post(urlPathEqualTo(CHAT)).willReturn(aResponse().withStatus(401)
            .withBody("{\"error\":{\"message\":\"Incorrect API key\"}}")));
        assertTrue(openAi().parse("backtest_v5 CPU 40개로", names).has(Flag.LLM_FAILED));
    }

    @Test
    void should_refuse_an_action_outside_the_vocabulary() throws IOException {
        reply("hostile-unknown-action.json");
        assertTrue(openAi().propose("backtest_v5 지워버려", names).isEmpty());
        Intent i = openAi().parse("backtest_v5 지워버려", names);
        assertTrue(i.has(Flag.LLM_FAILED));
        assertFalse(i.isSure());
    }

    @Test
    void should_refuse_a_call_to_a_tool_that_does_not_exist() throws IOException {
        reply("hostile-other-tool.json");
        assertTrue(openAi().propose("전부 정리해", names).isEmpty());
    }

    @Test
    void should_turn_a_profile_outside_the_list_into_null_and_unsure() throws IOException {
        reply("hostile-path-profile.json");
        Intent i = openAi().propose("../../etc 돌려", names).orElseThrow();
        assertEquals(Action.RUN, i.action());
        assertNull(i.profile());
        assertFalse(i.isSure());
        assertTrue(i.has(Flag.UNKNOWN_PROFILE));
        assertFalse(i.question().contains("etc"), "the model's word is never shown: " + i.question());
    }

    @Test
    void should_drop_a_job_id_the_message_does_not_contain_and_never_be_sure_of_a_cancel() throws IOException {
        reply("hostile-cancel-invented-id.json");
        Intent i = openAi().propose("그거 취소해", names).orElseThrow();
        assertEquals(Action.CANCEL, i.action());
        assertNull(i.jobId());
        assertFalse(i.isSure());
    }

    @Test
    void should_take_a_sweep_task_id_only_as_written_and_never_its_array_id_alone() throws IOException {
        String invented = fixture("hostile-cancel-invented-id.json");
        // the model cuts "812_3" down to the array id: that is no id of this message (it would cancel the whole sweep)
        server.stubFor(post(urlPathEqualTo(CHAT)).willReturn(okJson(invented.replace("424242", "812"))));
        Intent cut = openAi().propose("812_3 취소해", names).orElseThrow();
        assertNull(cut.jobId(), cut.toString());
        assertFalse(cut.isSure());
        server.resetAll();
        server.stubFor(post(urlPathEqualTo(CHAT)).willReturn(okJson(invented.replace("424242", "812_3"))));
        Intent task = openAi().propose("812_3 취소해", names).orElseThrow();
        assertEquals("812_3", task.jobId(), task.toString());
        assertFalse(task.isSure(), "a cancel from the model is still asked: " + task);
    }

    @Test
    void should_never_be_sure_of_a_destructive_action_from_the_model() throws IOException {
        reply("hostile-clean.json");
        Intent i = openAi().propose("깨끗하게 해줘", names).orElseThrow();
        assertEquals(Action.CLEAN, i.action());
        assertFalse(i.isSure());
        assertTrue(i.question().contains("run dir 정리를 말씀하신 건가요?"), i.question());
    }

    @Test
    void should_drop_override_values_that_do_not_have_the_toolkit_form() throws IOException {
        reply("hostile-overrides.json");
        Intent i = openAi().propose("백테스트 크게 돌려", names).orElseThrow();
        assertEquals(Map.of(), i.overrides());
        assertTrue(i.has(Flag.INVALID_VALUE));
        assertFalse(i.isSure());
    }

    @Test
    void should_ask_when_rules_and_llm_disagree() throws IOException {
        reply("run-backtest_v5.json"); // the model says run; the rules only saw a bare profile
        HybridParser hybrid = new HybridParser(rules, openAi()::propose);
        Intent i = hybrid.parse("backtest_v5 좀 봐줘", names);
        assertFalse(i.isSure());
        assertEquals("backtest_v5 실행을 말씀하신 건가요? 맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요.", i.question());
        assertTrue(i.has(Flag.LLM_DISAGREES));
    }

    @Test
    void should_be_sure_when_rules_and_llm_agree() throws IOException {
        reply("run-backtest_v5.json");
        Intent i = new HybridParser(rules, openAi()::propose).parse("backtest_v5 CPU 40개로", names);
        assertTrue(i.isSure());
        assertEquals(Action.RUN, i.action());
        assertEquals("backtest_v5", i.profile());
        assertEquals("rules+llm", i.source());
    }

    @Test
    void should_not_ask_the_model_about_a_bulk_cancel_or_a_sure_message() throws IOException {
        reply("hostile-cancel-invented-id.json");
        HybridParser hybrid = new HybridParser(rules, openAi()::propose);
        Intent bulk = hybrid.parse("모든 잡 취소", names);
        assertTrue(bulk.has(Flag.BULK));
        assertNull(bulk.jobId());
        hybrid.parse("backtest_v5 실행해줘", names);
        assertEquals(0, chatCalls().size());
    }

    @Test
    void should_build_the_hybrid_from_the_environment_and_parse_through_http() throws IOException {
        reply("status-sure.json");
        // the bank classifier would read this one itself (then no model call): off, to test the model's wiring
        HybridParser p = IntentParsers.fromEnvironment(project, Map.of("SLURM_RUNNER_LLM", "openai",
            "LLM_BASE_URL", server.baseUrl() + "/v1", "LLM_API_KEY", "k", "LLM_TIMEOUT_SECONDS", "3",
            "SLURM_RUNNER_CLASSIFIER", "off"));
        assertTrue(p.usesLlm());
        Intent i = p.parse("요즘 클러스터 좀 어때", names);
        assertEquals(Action.STATUS, i.action());
        assertTrue(i.isSure(), "a read-only action the model is confident of");
        assertTrue(i.has(Flag.LLM_ONLY));
        assertEquals(1, chatCalls().size());
    }

    @Test
    void should_talk_to_anthropic_through_its_messages_api() throws IOException {
        server.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson(fixture("anthropic-log-backtest_v5.json"))));
        LlmConfig config = LlmConfig.fromEnvironment(Map.of("SLURM_RUNNER_LLM", "anthropic",
            "LLM_BASE_URL", server.baseUrl() + "/v1/", "LLM_API_KEY", "sk-ant-test")).config();
        LlmParser p = new LlmParser(config.chatModel().orElseThrow(), config.timeout(), rules, catalog::list);
        Intent i = p.propose("백테스트 쪽 출력 좀", names).orElseThrow();
        assertEquals(Action.LOG, i.action());
        assertEquals("backtest_v5", i.profile());
        LoggedRequest req = server.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).get(0);
        assertEquals("sk-ant-test", req.getHeader("x-api-key"));
        JsonNode body = JSON.readTree(req.getBodyAsString());
        assertEquals("propose_intent", body.path("tools").get(0).path("name").asText());
    }
}
