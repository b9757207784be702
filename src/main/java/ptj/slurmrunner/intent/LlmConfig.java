package ptj.slurmrunner.intent;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which chat model the LLM parser talks to, from the environment:
 * {@code SLURM_RUNNER_LLM} = openai | anthropic | ollama | none (unset: openai when LLM_API_KEY or LLM_BASE_URL is set,
 * else none), {@code LLM_BASE_URL}, {@code LLM_API_KEY}, {@code LLM_MODEL}, {@code LLM_TIMEOUT_SECONDS} (default 10).
 * Ollama is reached through its OpenAI-compatible {@code /v1} endpoint. The key never appears in {@link #toString()}.
 */
public record LlmConfig(Provider provider, String baseUrl, String apiKey, String model, Duration timeout) {

    public enum Provider { OPENAI, ANTHROPIC, OLLAMA, NONE }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The configuration the environment asks for; {@code problem} explains a NONE that was not asked for. */
    public record Choice(LlmConfig config, String problem) {}

    public static Choice fromEnvironment(Map<String, String> env) {
        String key = blankToNull(env.get("LLM_API_KEY"));
        String url = blankToNull(env.get("LLM_BASE_URL"));
        String model = blankToNull(env.get("LLM_MODEL"));
        String wanted = blankToNull(env.get("SLURM_RUNNER_LLM"));
        Provider p;
        if (wanted == null) {
            p = key != null || url != null ? Provider.OPENAI : Provider.NONE;
        } else {
            try {
                p = Provider.valueOf(wanted.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return new Choice(none(), "SLURM_RUNNER_LLM=" + wanted + " is not openai|anthropic|ollama|none");
            }
        }
        Duration timeout = DEFAULT_TIMEOUT;
        String t = blankToNull(env.get("LLM_TIMEOUT_SECONDS"));
        if (t != null) {
            try {
                double seconds = Double.parseDouble(t);
                if (seconds > 0 && seconds <= 300) timeout = Duration.ofMillis((long) (seconds * 1000));
            } catch (NumberFormatException ignored) {
                // keep the default; a bad number must not turn the LLM off
            }
        }
        return switch (p) {
            case NONE -> new Choice(none(), null);
            case OPENAI -> key == null && url == null
                ? new Choice(none(), "SLURM_RUNNER_LLM=openai needs LLM_API_KEY (or LLM_BASE_URL of a server without keys)")
                : new Choice(new LlmConfig(p, or(url, "https://api.openai.com/v1"), or(key, "none"),
                    or(model, "gpt-4o-mini"), timeout), null);
            case ANTHROPIC -> key == null
                ? new Choice(none(), "SLURM_RUNNER_LLM=anthropic needs LLM_API_KEY")
                : new Choice(new LlmConfig(p, or(url, "https://api.anthropic.com/v1/"), key,
                    or(model, "claude-3-5-haiku-latest"), timeout), null);
            case OLLAMA -> new Choice(new LlmConfig(p, or(url, "http://localhost:11434/v1"), or(key, "ollama"),
                or(model, "llama3.1"), timeout), null);
        };
    }

    public static LlmConfig none() {
        return new LlmConfig(Provider.NONE, null, null, null, DEFAULT_TIMEOUT);
    }

    public boolean enabled() {
        return provider != Provider.NONE;
    }

    /** The LangChain4j model; empty for NONE. No retries: a slow or failing model falls back to the rules at once. */
    public Optional<ChatModel> chatModel() {
        return switch (provider) {
            case NONE -> Optional.empty();
            case OPENAI, OLLAMA -> Optional.of(OpenAiChatModel.builder()
                .baseUrl(baseUrl).apiKey(apiKey).modelName(model)
                .timeout(timeout).maxRetries(0).temperature(0.0).build());
            case ANTHROPIC -> Optional.of(AnthropicChatModel.builder()
                .baseUrl(baseUrl).apiKey(apiKey).modelName(model)
                .timeout(timeout).maxRetries(0).temperature(0.0).maxTokens(400).build());
        };
    }

    @Override
    public String toString() {
        return "LlmConfig[provider=" + provider + ", baseUrl=" + baseUrl + ", model=" + model + ", timeout="
            + timeout + ", apiKey=" + (apiKey == null ? "none" : "***") + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String or(String v, String dflt) {
        return v == null ? dflt : v;
    }
}
