package ptj.slurmrunner.intent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import ptj.slurmrunner.intent.Intent.Confidence;
import ptj.slurmrunner.intent.Intent.Flag;
import ptj.slurmrunner.intent.Intent.Reading;

/**
 * Rules first; the bank classifier ({@link BankClassifier}) for what the rules leave unsure. It never overrules a
 * refusal: a message the rules flagged (bulk, negated, suspicious, two actions or profiles, a bad value), one that
 * holds something back anywhere (a negation, "아니", "나중에"), or a cancel the rules found no single job id for is
 * answered as the rules answered it. What it proposes is checked as the rules check their own: a cancel needs one
 * explicit job id from the text and no word naming many jobs, work that creates a job needs an existing profile, and
 * a profile is only ever one of the names passed in. When it is not confident it offers its two or three best
 * readings ({@link Intent#readings()}) instead of "unknown".
 */
public final class ClassifyingParser implements IntentParser {
    /** Measured by `make eval-intent` (cross-validation over the bank): see docs/intent-classifier.md. */
    static final double ACCEPT = 0.30;
    static final double MARGIN = 0.06;
    static final double OFFER = 0.12;
    static final int MAX_READINGS = 3;

    private static final Set<Flag> FINAL = EnumSet.of(Flag.BULK, Flag.NEGATED, Flag.SUSPICIOUS,
        Flag.MULTIPLE_ACTIONS, Flag.MULTIPLE_PROFILES, Flag.INVALID_VALUE, Flag.NEEDS_JOBID);
    private static final Set<Action> CREATES = EnumSet.of(Action.RUN, Action.FULL, Action.PUSH, Action.SUBMIT);
    private static final Set<Action> FROM_STATE = EnumSet.of(Action.WATCH, Action.LOG, Action.COLLECT,
        Action.RECOVER, Action.SHOW);

    private final IntentParser rules;
    private final Supplier<BankClassifier> classifier;

    public ClassifyingParser(IntentParser rules, Supplier<BankClassifier> classifier) {
        this.rules = Objects.requireNonNull(rules);
        this.classifier = Objects.requireNonNull(classifier);
    }

    /** Builds the classifier on a background thread now; the first message that needs it waits for it. */
    public static ClassifyingParser buildingInBackground(IntentParser rules, List<String> maskNames) {
        CompletableFuture<BankClassifier> built = CompletableFuture.supplyAsync(
            () -> BankClassifier.build(ExampleBank.load(), maskNames));
        return new ClassifyingParser(rules, built::join);
    }

    @Override
    public Intent parse(String text, List<String> profiles) {
        Intent r = rules.parse(text, profiles);
        // the rules named an action and still asked (a partial profile, a vague hint, a value without a verb):
        // that question is deliberate, so the classifier only reads what the rules could not name at all
        if (r.isSure() || r.action() != Action.UNKNOWN || r.flags().stream().anyMatch(FINAL::contains)
                || RuleParser.holdsBack(text)) {
            return r;
        }
        List<BankClassifier.Scored> ranked = classifier.get().rank(text, profiles);
        if (ranked.isEmpty()) return r;
        BankClassifier.Scored top = ranked.get(0);
        double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
        String profile = profileOf(text, r, profiles);
        if (top.action() != Action.UNKNOWN && top.score() >= ACCEPT && top.score() - second >= MARGIN) {
            Intent i = proposal(top.action(), profile, text, r, profiles);
            if (i != null) return i;
        }
        if (top.action() == Action.UNKNOWN && top.score() >= ACCEPT) return r; // chit-chat: nothing to offer
        List<Reading> offered = new ArrayList<>();
        for (BankClassifier.Scored s : ranked) {
            if (offered.size() == MAX_READINGS || s.score() < OFFER) break;
            Reading reading = reading(s.action(), profile, r.jobId(), text);
            if (reading != null) offered.add(reading);
        }
        if (offered.isEmpty()) return r;
        // still "unknown" (what the parse command prints), but with the readings a person can pick from
        Reading first = offered.get(0);
        String question = offered.size() == 1 ? Questions.confirm(first.action(), first.profile(), first.jobId())
                                              : Questions.get("choices");
        return r.withReadings(offered).withConfidence(Confidence.UNSURE, question);
    }

    /** The classifier's action as an Intent, with what the rules found; null when it cannot be one. */
    private static Intent proposal(Action action, String profile, String text, Intent r, List<String> profiles) {
        String jobId = r.jobId();
        Map<String, String> ov = new LinkedHashMap<>(r.overrides());
        if (action != Action.LOG) {
            ov.remove(Overrides.LINES);
            ov.remove(Overrides.STREAM);
        }
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        flags.addAll(r.flags());
        if (profile != null) flags.remove(Flag.UNKNOWN_PROFILE);
        if (action == Action.CANCEL) {
            if (RuleParser.namesManyJobs(text)) {
                flags.add(Flag.BULK);
                return new Intent(action, profile, null, ov, r.dryRun(), Confidence.UNSURE, "classifier",
                    Questions.get("bulkCancel"), flags);
            }
            if (jobId == null) {
                flags.add(Flag.NEEDS_JOBID);
                return new Intent(action, profile, null, ov, r.dryRun(), Confidence.UNSURE, "classifier",
                    Questions.get("cancelNeedsJobId"), flags);
            }
        }
        if (flags.contains(Flag.UNKNOWN_PROFILE)) return null; // a word that is no profile: the rules' question stands
        if (CREATES.contains(action) && profile == null) {
            flags.add(Flag.NEEDS_PROFILE);
            return new Intent(action, null, jobId, ov, r.dryRun(), Confidence.UNSURE, "classifier",
                Questions.profileFor(action, profiles), flags);
        }
        if (FROM_STATE.contains(action) && profile == null && jobId == null) flags.add(Flag.NEEDS_PROFILE);
        else flags.remove(Flag.NEEDS_PROFILE);
        return new Intent(action, profile, jobId, ov, r.dryRun(), Confidence.SURE, "classifier", null, flags);
    }

    /** A reading worth offering: one a click can carry out as it stands (no missing profile or job id). */
    private static Reading reading(Action action, String profile, String jobId, String text) {
        if (action == Action.UNKNOWN) return null;
        if (action == Action.CANCEL && (jobId == null || RuleParser.namesManyJobs(text))) return null;
        if (CREATES.contains(action) && profile == null) return null;
        if (FROM_STATE.contains(action) && profile == null && jobId == null) return null;
        return new Reading(action, profile, action == Action.CANCEL || action == Action.HISTORY
            || action == Action.LOG || action == Action.STATUS || action == Action.WATCH ? jobId : null);
    }

    /** The rules' profile, else one the message misspells (only ever an existing name). */
    private static String profileOf(String text, Intent r, List<String> profiles) {
        if (r.profile() != null) return r.profile();
        String found = null;
        for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9_.\\-]+")) {
            String p = ProfileNames.closest(w, profiles);
            if (p == null) continue;
            if (found != null && !found.equals(p)) return null;
            found = p;
        }
        return found;
    }
}
