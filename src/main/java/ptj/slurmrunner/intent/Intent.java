package ptj.slurmrunner.intent;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a message asks for. {@code profile} and {@code jobId} are null when absent.
 * {@code overrides} holds explicit, user-requested changes only (keys: PARTITION, ACCOUNT, CPUS, MEM, TIME, LINES,
 * STREAM); the policy decides whether they need confirmation. {@code confidence} is SURE when the parser is certain,
 * UNSURE when it is guessing (then the bot asks instead of acting). {@code question} is an optional Korean
 * clarification to put to the user when UNSURE. {@code flags} say why a parser was unsure or what the policy must
 * refuse (see {@link Flag}); they never make an intent more permissive.
 */
public record Intent(Action action, String profile, String jobId, Map<String, String> overrides,
                     boolean dryRun, Confidence confidence, String source, String question, Set<Flag> flags,
                     List<Reading> readings) {

    /**
     * One likely reading of an unsure message, offered as a choice ("혹시 이 중 하나인가요?"). Picking it sends the
     * request it stands for through the parser and the policy again; it never runs anything by itself.
     */
    public record Reading(Action action, String profile, String jobId) {
        public Reading {
            Objects.requireNonNull(action, "action");
        }
    }

    public enum Confidence { SURE, UNSURE }

    /** Why an intent is the way it is. The policy must honour BULK, NEGATED and SUSPICIOUS even if SURE were set. */
    public enum Flag {
        /** More than one job asked for ("모든 잡 취소", "12345 12346 취소", a range, "-u user"): never a bulk action. */
        BULK,
        /** The message negates the action it names ("실행하지 마"): nothing is to be done. */
        NEGATED,
        /** Shell-looking characters (; | & ` $( ..) in the message: asked back, never passed on. */
        SUSPICIOUS,
        /** Two different actions in one message. */
        MULTIPLE_ACTIONS,
        /** More than one profile named. */
        MULTIPLE_PROFILES,
        /** A profile-looking word that is not an existing profile. */
        UNKNOWN_PROFILE,
        /**
         * The action needs a profile and none was named. For log/watch/collect/recover/show (SURE) the pipeline may
         * take it from the conversation or state (exactly one tracked job); otherwise it asks {@code question}.
         */
        NEEDS_PROFILE,
        /** cancel without an explicit job id. */
        NEEDS_JOBID,
        /** A resource/partition word whose value did not have a valid form; the value was dropped. */
        INVALID_VALUE,
        /** Rules and LLM proposed different intents. */
        LLM_DISAGREES,
        /** Proposed by the LLM alone (the rules had no action). */
        LLM_ONLY,
        /** The LLM was asked but failed (timeout, HTTP error, malformed or hostile reply); rules result kept. */
        LLM_FAILED
    }

    public Intent {
        Objects.requireNonNull(action, "action");
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        confidence = confidence == null ? Confidence.UNSURE : confidence;
        source = source == null ? "rules" : source;
        flags = flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(flags);
        readings = readings == null ? List.of() : List.copyOf(readings);
    }

    public Intent(Action action, String profile, String jobId, Map<String, String> overrides,
                  boolean dryRun, Confidence confidence, String source, String question, Set<Flag> flags) {
        this(action, profile, jobId, overrides, dryRun, confidence, source, question, flags, List.of());
    }

    /** The original constructor, kept for callers that do not set flags. */
    public Intent(Action action, String profile, String jobId, Map<String, String> overrides,
                  boolean dryRun, Confidence confidence, String source, String question) {
        this(action, profile, jobId, overrides, dryRun, confidence, source, question, Set.of());
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

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    public Intent withConfidence(Confidence c, String newQuestion) {
        return new Intent(action, profile, jobId, overrides, dryRun, c, source, newQuestion, flags, readings);
    }

    public Intent withSource(String newSource) {
        return new Intent(action, profile, jobId, overrides, dryRun, confidence, newSource, question, flags, readings);
    }

    public Intent withFlag(Flag flag) {
        Set<Flag> more = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        more.add(flag);
        return new Intent(action, profile, jobId, overrides, dryRun, confidence, source, question, more, readings);
    }

    /** The same intent offering these readings to choose from (see {@link Reading}). */
    public Intent withReadings(List<Reading> offered) {
        return new Intent(action, profile, jobId, overrides, dryRun, confidence, source, question, flags, offered);
    }
}
