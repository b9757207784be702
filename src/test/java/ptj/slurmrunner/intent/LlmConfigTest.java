package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.intent.LlmConfig.Provider;

class LlmConfigTest {
    @Test
    void should_use_rules_only_without_llm_environment() {
        LlmConfig.Choice c = LlmConfig.fromEnvironment(Map.of());
        assertFalse(c.config().enabled());
        assertNull(c.problem());
    }

    @Test
    void should_default_to_openai_when_a_key_is_set() {
        LlmConfig c = LlmConfig.fromEnvironment(Map.of("LLM_API_KEY", "sk-secret")).config();
        assertEquals(Provider.OPENAI, c.provider());
        assertEquals("https://api.openai.com/v1", c.baseUrl());
        assertEquals(Duration.ofSeconds(10), c.timeout());
        assertFalse(c.toString().contains("sk-secret"), "the key never reaches a log line");
    }

    @Test
    void should_select_anthropic_and_ollama_and_read_the_timeout() {
        LlmConfig a = LlmConfig.fromEnvironment(Map.of("SLURM_RUNNER_LLM", "anthropic", "LLM_API_KEY", "k",
            "LLM_TIMEOUT_SECONDS", "2.5")).config();
        assertEquals(Provider.ANTHROPIC, a.provider());
        assertEquals(Duration.ofMillis(2500), a.timeout());
        assertTrue(a.chatModel().isPresent());
        LlmConfig o = LlmConfig.fromEnvironment(Map.of("SLURM_RUNNER_LLM", "ollama", "LLM_MODEL", "qwen2.5")).config();
        assertEquals(Provider.OLLAMA, o.provider());
        assertEquals("http://localhost:11434/v1", o.baseUrl());
        assertEquals("qwen2.5", o.model());
    }

    @Test
    void should_turn_the_llm_off_with_a_reason_when_the_config_is_unusable() {
        LlmConfig.Choice bad = LlmConfig.fromEnvironment(Map.of("SLURM_RUNNER_LLM", "gpt5"));
        assertFalse(bad.config().enabled());
        assertNotNull(bad.problem());
        LlmConfig.Choice noKey = LlmConfig.fromEnvironment(Map.of("SLURM_RUNNER_LLM", "anthropic"));
        assertFalse(noKey.config().enabled());
        assertNotNull(noKey.problem());
        assertFalse(LlmConfig.fromEnvironment(Map.of("SLURM_RUNNER_LLM", "none", "LLM_API_KEY", "k")).config()
            .enabled());
    }

    @Test
    void should_build_a_rules_only_hybrid_from_an_empty_environment(@TempDir Path project) {
        assertFalse(IntentParsers.fromEnvironment(project, Map.of()).usesLlm());
    }
}
