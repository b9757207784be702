package ptj.slurmrunner.intent;

import java.util.Map;
import java.util.Objects;

/**
 * What a message asks for. {@code profile} and {@code jobId} are null when absent.
 * {@code overrides} holds explicit, user-requested changes only (keys: PARTITION, ACCOUNT, CPUS, MEM, TIME, LINES,
 * STREAM); the policy decides whether they need confirmation. {@code confidence} is SURE when the parser is certain,
 * UNSURE when it is guessing (then the bot asks instead of acting). {@code question} is an optional Korean
 * clarification to put to the user when UNSURE.
 */
public record Intent(Action action, String profile, String jobId, Map<String, String> overrides,
                     boolean dryRun, Confidence confidence, String source, String question) {

    public enum Confidence { SURE, UNSURE }

    public Intent {
        Objects.requireNonNull(action, "action");
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        confidence = confidence == null ? Confidence.UNSURE : confidence;
        source = source == null ? "rules" : source;
    }

    public static Intent unknown(String source) {
        return new Intent(Action.UNKNOWN, null, null, Map.of(), false, Confidence.UNSURE, source, null);
    }

    public static Intent sure(Action action, String profile, String jobId) {
        return new Intent(action, profile, jobId, Map.of(), false, Confidence.SURE, "rules", null);
    }

    public boolean isSure() {
        return confidence == Confidence.SURE;
    }
}
