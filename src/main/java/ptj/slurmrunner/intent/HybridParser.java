package ptj.slurmrunner.intent;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import ptj.slurmrunner.intent.Intent.Confidence;
import ptj.slurmrunner.intent.Intent.Flag;

/**
 * Rules first; the LLM only for what the rules are unsure of, and never to overrule a refusal.
 * <ul>
 *   <li>rules SURE, or no LLM → the rules' intent;</li>
 *   <li>rules flagged BULK, NEGATED, SUSPICIOUS, MULTIPLE_ACTIONS, MULTIPLE_PROFILES or INVALID_VALUE → the rules'
 *       intent (the user is asked; a model cannot make such a message safe);</li>
 *   <li>LLM failed or said unknown → the rules' intent, UNSURE, with its question;</li>
 *   <li>a destructive action (clean, cancel, image-*) from the LLM → always UNSURE;</li>
 *   <li>rules and LLM agree on action (and on profile and job id where the rules found one) → SURE;</li>
 *   <li>the rules found no action and the LLM proposes a read-only one (status, log, show, …) it is confident of →
 *       SURE; anything that starts or changes work on the LLM's word alone → UNSURE with "… 말씀하신 건가요?";</li>
 *   <li>otherwise they disagree → UNSURE with a question built from the LLM's proposal.</li>
 * </ul>
 */
public final class HybridParser implements IntentParser {
    private static final Set<Flag> FINAL = EnumSet.of(Flag.BULK, Flag.NEGATED, Flag.SUSPICIOUS,
        Flag.MULTIPLE_ACTIONS, Flag.MULTIPLE_PROFILES, Flag.INVALID_VALUE);
    private static final Set<Action> DESTRUCTIVE = EnumSet.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH,
        Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);
    private static final Set<Action> READ_ONLY = EnumSet.of(Action.STATUS, Action.WATCH, Action.LOG, Action.SHOW,
        Action.PROFILES, Action.HISTORY, Action.COMPARE, Action.HELP, Action.IMAGE_STATUS);

    /** What the hybrid needs from a model parser: a checked proposal, or empty when the model failed. */
    public interface Proposer {
        Optional<Intent> propose(String text, List<String> profiles);

        default Optional<Intent> propose(String text, List<String> profiles, List<String> recent) {
            return propose(text, profiles);
        }
    }

    private final IntentParser rules;
    private final Proposer llm;

    /** {@code llm} may be null: rules only. */
    public HybridParser(IntentParser rules, Proposer llm) {
        this.rules = Objects.requireNonNull(rules);
        this.llm = llm;
    }

    public boolean usesLlm() {
        return llm != null;
    }

    @Override
    public Intent parse(String text, List<String> profiles) {
        return parse(text, profiles, List.of());
    }

    @Override
    public Intent parse(String text, List<String> profiles, List<String> recent) {
        Intent r = rules.parse(text, profiles);
        if (llm == null || !consultsModel(r)) return r;

        Optional<Intent> proposed = llm.propose(text, profiles, recent);
        if (proposed.isEmpty()) return unsure(r.withFlag(Flag.LLM_FAILED), r.question());
        Intent l = proposed.get();
        if (l.action() == Action.UNKNOWN) return unsure(r, r.question());

        if (DESTRUCTIVE.contains(l.action())) {
            Intent i = merged(l, r, Confidence.UNSURE, "rules+llm",
                Questions.llmDestructive(l.action(), l.profile(), l.jobId()));
            return l.action() == r.action() ? i : i.withFlag(Flag.LLM_ONLY);
        }
        boolean agree = l.action() == r.action()
            && (r.profile() == null || r.profile().equals(l.profile()))
            && (r.jobId() == null || r.jobId().equals(l.jobId()));
        if (agree) {
            // both read it the same way; the LLM may fill a profile the rules only guessed at
            boolean complete = l.isSure() || l.profile() != null || !needsProfile(l.action());
            // a word the rules found to be no profile ("backtest_v9") is not made one by the model's say-so
            return complete && !l.has(Flag.UNKNOWN_PROFILE) && !l.has(Flag.INVALID_VALUE) && !r.has(Flag.UNKNOWN_PROFILE)
                ? merged(l, r, Confidence.SURE, "rules+llm", null)
                : merged(l, r, Confidence.UNSURE, "rules+llm", l.question() != null ? l.question() : r.question());
        }
        if (r.action() == Action.UNKNOWN && r.profile() == null) {
            if (READ_ONLY.contains(l.action()) && l.isSure()) {
                return merged(l, r, Confidence.SURE, "llm", null).withFlag(Flag.LLM_ONLY);
            }
            return merged(l, r, Confidence.UNSURE, "llm", Questions.confirm(l.action(), l.profile()))
                .withFlag(Flag.LLM_ONLY);
        }
        return merged(l, r, Confidence.UNSURE, "rules+llm", Questions.confirm(l.action(), l.profile()))
            .withFlag(Flag.LLM_DISAGREES);
    }

    /** Whether a rules result is handed to the model: unsure, and not a refusal the model may not overrule. */
    public static boolean consultsModel(Intent byRules) {
        return !byRules.isSure() && byRules.flags().stream().noneMatch(FINAL::contains);
    }

    private static boolean needsProfile(Action a) {
        return a == Action.RUN || a == Action.FULL || a == Action.PUSH || a == Action.SUBMIT || a == Action.SHOW;
    }

    private static Intent unsure(Intent r, String question) {
        return r.withConfidence(Confidence.UNSURE, question != null ? question : Questions.get("unknown"));
    }

    /** The LLM's action/profile/job id; the rules' override values win over the model's; flags of both kept. */
    private static Intent merged(Intent l, Intent r, Confidence c, String source, String question) {
        Map<String, String> ov = new LinkedHashMap<>(l.overrides());
        ov.putAll(r.overrides());
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        flags.addAll(l.flags());
        flags.addAll(r.flags());
        if (c == Confidence.SURE) {
            flags.remove(Flag.NEEDS_PROFILE);
            flags.remove(Flag.UNKNOWN_PROFILE);
        }
        return new Intent(l.action(), l.profile(), l.jobId(), ov, l.dryRun() || r.dryRun(), c, source, question,
            flags);
    }
}
