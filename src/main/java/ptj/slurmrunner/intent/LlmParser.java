package ptj.slurmrunner.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.config.Profile;
import ptj.slurmrunner.intent.Intent.Confidence;
import ptj.slurmrunner.intent.Intent.Flag;

/**
 * Asks a chat model (LangChain4j) to classify a message by calling one tool, {@code propose_intent}, whose
 * {@code action} parameter is the fixed enum of wire names and whose {@code profile} is the enum of existing
 * profiles. The reply is checked again here, because a model may ignore a schema: an unknown action or a malformed
 * reply is a failure; a profile not in the list becomes null and UNSURE; a job id must appear in the message itself;
 * override values must have the toolkit's forms. A destructive action is never SURE, and the question shown to the
 * user is always ours, never text from the model. On timeout, HTTP error or a failed check, {@link #parse} returns
 * the fallback (rule) result, flagged {@link Flag#LLM_FAILED} and UNSURE.
 */
public final class LlmParser implements IntentParser {
    static final String TOOL = "propose_intent";
    private static final Logger LOG = LoggerFactory.getLogger(LlmParser.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_CHARS = 2000;
    private static final Set<Action> DESTRUCTIVE = EnumSet.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH,
        Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);
    private static final Set<Action> NEEDS_PROFILE = EnumSet.of(Action.RUN, Action.FULL, Action.PUSH, Action.SUBMIT,
        Action.SHOW);
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llm-intent");
        t.setDaemon(true);
        return t;
    });

    /** A few of the example bank's phrasings per action (few-shot), the same bank the classifier learns from. */
    private static final String FEW_SHOT = fewShot();

    private final ChatModel model;
    private final Duration timeout;
    private final IntentParser fallback;
    private final Supplier<List<Profile>> catalog;
    private final String systemTemplate;

    public LlmParser(ChatModel model, Duration timeout, IntentParser fallback, Supplier<List<Profile>> catalog) {
        this.model = model;
        this.timeout = timeout;
        this.fallback = fallback;
        this.catalog = catalog;
        this.systemTemplate = resource("/prompts/intent-system.txt");
    }

    @Override
    public Intent parse(String text, List<String> profiles) {
        return propose(text, profiles).orElseGet(() -> {
            Intent rules = fallback.parse(text, profiles).withFlag(Flag.LLM_FAILED);
            String q = rules.question() != null ? rules.question() : Questions.get("unknown");
            return rules.withConfidence(Confidence.UNSURE, q);
        });
    }

    /** The model's proposal, checked; empty when the model failed or answered something unusable. */
    public Optional<Intent> propose(String text, List<String> profiles) {
        return propose(text, profiles, List.of());
    }

    /** {@code recent}: what the bot reported earlier in this thread, put into the prompt as context only. */
    public Optional<Intent> propose(String text, List<String> profiles, List<String> recent) {
        String message = text == null ? "" : text.strip();
        if (message.length() > MAX_MESSAGE_CHARS) message = message.substring(0, MAX_MESSAGE_CHARS);
        ChatRequest request = ChatRequest.builder()
            .messages(SystemMessage.from(systemPrompt(profiles, recent)), UserMessage.from(message))
            .toolSpecifications(tool(profiles))
            .toolChoice(ToolChoice.REQUIRED)
            .build();
        Future<ChatResponse> call = CALLS.submit(() -> model.chat(request));
        ChatResponse response;
        try {
            // the HTTP client has the same timeout; this is the backstop if a model implementation ignores it
            response = call.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            LOG.warn("LLM intent: no answer within {} ms; using the rules", timeout.toMillis());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return Optional.empty();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("LLM intent: call failed ({}); using the rules", cause.getClass().getSimpleName());
            return Optional.empty();
        }
        try {
            return check(arguments(response.aiMessage()), message, profiles);
        } catch (RuntimeException e) {
            LOG.warn("LLM intent: unusable reply ({}); using the rules", e.getMessage());
            return Optional.empty();
        }
    }

    /** The JSON arguments of the tool call, or a JSON object in the text when a model answered without a tool. */
    private static JsonNode arguments(AiMessage ai) {
        if (ai == null) throw new IllegalArgumentException("no message");
        String raw = null;
        if (ai.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                if (TOOL.equals(call.name())) {
                    raw = call.arguments();
                    break;
                }
            }
            if (raw == null) throw new IllegalArgumentException("tool call to an unknown tool");
        } else if (ai.text() != null) {
            String t = ai.text();
            int a = t.indexOf('{');
            int b = t.lastIndexOf('}');
            if (a >= 0 && b > a) raw = t.substring(a, b + 1);
        }
        if (raw == null) throw new IllegalArgumentException("no tool call and no JSON");
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isObject()) throw new IllegalArgumentException("arguments are not an object");
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed arguments");
        }
    }

    private Optional<Intent> check(JsonNode args, String message, List<String> profiles) {
        Optional<Action> action = Action.fromWireName(text(args, "action"));
        if (action.isEmpty()) {
            LOG.warn("LLM intent: action outside the vocabulary; using the rules");
            return Optional.empty();
        }
        Action a = action.get();
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        boolean sure = args.path("confident").asBoolean(false);
        String question = null;

        String profile = null;
        String p = text(args, "profile");
        if (p != null && !p.isBlank() && !p.equalsIgnoreCase("none") && !p.equalsIgnoreCase("null")) {
            profile = profiles.stream().filter(n -> n.equalsIgnoreCase(p.strip())).findFirst().orElse(null);
            if (profile == null) {
                flags.add(Flag.UNKNOWN_PROFILE);
                sure = false;
                question = Questions.profileFor(a, profiles); // the model's word is not shown to anyone
            }
        }

        String jobId = null;
        String j = text(args, "jobId");
        if (j != null && !j.isBlank() && !j.equalsIgnoreCase("null")) {
            String digits = j.strip();
            // a sweep task ("812_3") is one id too; and "812" is not in a message that only says "812_3"
            boolean inMessage = digits.matches("[0-9]{1,12}(?:_[0-9]{1,6})?")
                && Pattern.compile("(?<![0-9_])" + digits + "(?![0-9_])").matcher(message).find();
            if (inMessage) jobId = digits; else sure = false; // a model must not invent a job id
        }

        Map<String, String> overrides = new LinkedHashMap<>();
        for (String[] kv : List.of(new String[] {"cpus", Overrides.CPUS}, new String[] {"mem", Overrides.MEM},
                new String[] {"time", Overrides.TIME}, new String[] {"partition", Overrides.PARTITION},
                new String[] {"account", Overrides.ACCOUNT}, new String[] {"lines", Overrides.LINES},
                new String[] {"stream", Overrides.STREAM})) {
            String v = text(args, kv[0]);
            if (v == null || v.isBlank() || v.equalsIgnoreCase("null")) continue;
            v = v.strip();
            if (kv[1].equals(Overrides.MEM)) v = v.toUpperCase(Locale.ROOT).replaceAll("B$", "");
            if (Overrides.valid(kv[1], v)) {
                overrides.put(kv[1], v);
            } else {
                flags.add(Flag.INVALID_VALUE);
                sure = false;
            }
        }
        boolean dryRun = args.path("dryRun").asBoolean(false);

        if (a == Action.UNKNOWN) sure = false;
        if (a == Action.CANCEL && jobId == null) {
            flags.add(Flag.NEEDS_JOBID);
            sure = false;
            question = Questions.get("cancelNeedsJobId");
        }
        if (NEEDS_PROFILE.contains(a) && profile == null) {
            flags.add(Flag.NEEDS_PROFILE);
            sure = false;
            if (question == null) question = Questions.profileFor(a, profiles);
        }
        if (DESTRUCTIVE.contains(a)) {
            sure = false; // whatever the model says: destructive steps are never taken on a model's word
            question = Questions.llmDestructive(a, profile, jobId);
        }
        if (!sure && question == null) {
            question = a == Action.UNKNOWN ? Questions.get("unknown") : Questions.confirm(a, profile);
        }
        return Optional.of(new Intent(a, profile, jobId, overrides, dryRun,
            sure ? Confidence.SURE : Confidence.UNSURE, "llm", sure ? null : question, flags));
    }

    private static String text(JsonNode args, String field) {
        JsonNode n = args.get(field);
        if (n == null || n.isNull()) return null;
        return n.isValueNode() ? n.asText() : null;
    }

    /** The tool whose parameters bound what the model can say. */
    static ToolSpecification tool(List<String> profiles) {
        List<String> actions = Arrays.stream(Action.values()).map(Action::wireName).toList();
        List<String> profileValues = new ArrayList<>(profiles);
        profileValues.add("none");
        JsonObjectSchema params = JsonObjectSchema.builder()
            .addEnumProperty("action", actions, "exactly one action name")
            .addEnumProperty("profile", profileValues, "an existing profile, or none")
            .addStringProperty("jobId", "one job id written in the message (digits, or a sweep task like 812_3), else empty")
            .addStringProperty("cpus", "only if the user asks, digits")
            .addStringProperty("mem", "only if the user asks, e.g. 80G")
            .addStringProperty("time", "only if the user asks, HH:MM:SS or D-HH:MM:SS")
            .addStringProperty("partition", "only if the user asks")
            .addStringProperty("account", "only if the user asks")
            .addStringProperty("lines", "log lines, digits, only for log")
            .addEnumProperty("stream", List.of("out", "err", "both"), "log stream, only for log")
            .addBooleanProperty("dryRun", "true for a preview / dry run")
            .addBooleanProperty("confident", "true only when the message clearly asks for exactly this")
            .required("action", "profile", "confident")
            .build();
        return ToolSpecification.builder()
            .name(TOOL)
            .description("Propose what the message asks the SLURM bot to do. Nothing is run by this call.")
            .parameters(params)
            .build();
    }

    String systemPrompt(List<String> profiles, List<String> recent) {
        List<String> scripts = new ArrayList<>();
        for (Profile p : catalog.get()) {
            if (p.script() != null && profiles.contains(p.name())) scripts.add(p.script() + " → " + p.name());
        }
        return systemTemplate
            .replace("{{profiles}}", profiles.isEmpty() ? "(none)" : String.join(", ", profiles))
            .replace("{{scripts}}", scripts.isEmpty() ? "(no scripts known)" : String.join("; ", scripts))
            .replace("{{examples}}", FEW_SHOT)
            .replace("{{references}}", recent == null || recent.isEmpty() ? "(nothing yet)"
                : String.join("\n", recent.subList(Math.max(0, recent.size() - 5), recent.size())));
    }

    private static String fewShot() {
        StringBuilder b = new StringBuilder();
        ExampleBank.load().samples(3).forEach((a, texts) -> b.append("- ").append(a.wireName()).append(": ")
            .append(String.join(" | ", texts.stream().map(t -> "\"" + t + "\"").toList())).append('\n'));
        return b.toString().stripTrailing();
    }

    private static String resource(String path) {
        try (InputStream in = LlmParser.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
