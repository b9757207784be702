package ptj.slurmrunner.intent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    static final double ACCEPT = Double.parseDouble(System.getProperty("intent.accept", "0.30"));
    static final double MARGIN = Double.parseDouble(System.getProperty("intent.margin", "0.06"));
    static final double OFFER = 0.12;
    static final int MAX_READINGS = 3;
    /** A sure rules answer is read again, and replaced only when the bank says something else this clearly. */
    static final double OVERRULE = Double.parseDouble(System.getProperty("intent.overrule", "0.6"));
    static final double OVERRULE_MARGIN = Double.parseDouble(System.getProperty("intent.overruleMargin", "0.3"));
    private static final Set<Action> DESTRUCTIVE = EnumSet.of(Action.CLEAN, Action.CANCEL, Action.IMAGE_REFRESH,
        Action.IMAGE_BUILD, Action.IMAGE_PUSH, Action.IMAGE_SETUP);

    private static final Set<Flag> FINAL = EnumSet.of(Flag.BULK, Flag.NEGATED, Flag.SUSPICIOUS,
        Flag.MULTIPLE_ACTIONS, Flag.MULTIPLE_PROFILES, Flag.INVALID_VALUE, Flag.NEEDS_JOBID);
    private static final Set<Action> CREATES = EnumSet.of(Action.RUN, Action.FULL, Action.PUSH, Action.SUBMIT);
    private static final Set<Action> FROM_STATE = EnumSet.of(Action.WATCH, Action.LOG, Action.COLLECT,
        Action.RECOVER, Action.SHOW);

    /** Slang that kills a job beside an id ("9102 날려버려", "812 내려"): a bank cancel may stand on it. */
    private static final java.util.regex.Pattern KILL_SLANG = java.util.regex.Pattern.compile("날려|날리|내려|없애");

    /** How long a message the rules cannot name waits for a classifier still being built at start-up. */
    static final long WAIT_FOR_BUILD_MS = 3000;

    private final IntentParser rules;
    /** The classifier, waiting (bounded) while it is built; null when not available. */
    private final Supplier<BankClassifier> classifier;
    /** The classifier if it is built already, else null: a sure answer is never held up for a second opinion. */
    private final Supplier<BankClassifier> ifReady;

    public ClassifyingParser(IntentParser rules, Supplier<BankClassifier> classifier) {
        this(rules, classifier, classifier);
    }

    ClassifyingParser(IntentParser rules, Supplier<BankClassifier> classifier, Supplier<BankClassifier> ifReady) {
        this.rules = Objects.requireNonNull(rules);
        this.classifier = Objects.requireNonNull(classifier);
        this.ifReady = Objects.requireNonNull(ifReady);
    }

    /**
     * Builds the classifier on a background (daemon) thread now, so start-up is not held up: until it is ready, sure
     * rules answers go out as they are and a message the rules cannot name waits for it at most
     * {@link #WAIT_FOR_BUILD_MS}.
     */
    public static ClassifyingParser buildingInBackground(IntentParser rules, List<String> maskNames) {
        CompletableFuture<BankClassifier> built = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                built.complete(BankClassifier.load(maskNames));
            } catch (RuntimeException | Error e) {
                built.completeExceptionally(e);
            }
        }, "intent-classifier-build");
        t.setDaemon(true);
        t.start();
        Supplier<BankClassifier> waiting = () -> {
            try {
                return built.get(WAIT_FOR_BUILD_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        };
        Supplier<BankClassifier> ready = () -> built.isDone() && !built.isCompletedExceptionally() ? built.join() : null;
        return new ClassifyingParser(rules, waiting, ready);
    }

    @Override
    public Intent parse(String text, List<String> profiles) {
        Intent r = rules.parse(text, profiles);
        if (r.isSure()) return secondOpinion(text, r, profiles);
        if (r.flags().equals(Set.of(Flag.MULTIPLE_ACTIONS)) && !RuleParser.holdsBack(text)) {
            Intent one = oneOfTwo(text, r, profiles);
            if (one != null) return one;
        }
        if (r.flags().stream().anyMatch(FINAL::contains) || RuleParser.holdsBack(text)) return r;
        if (r.action() != Action.UNKNOWN) return reconsider(text, r, profiles);
        BankClassifier c = classifier.get();
        if (c == null) return r;
        List<BankClassifier.Scored> ranked = c.rank(text, profiles);
        if (ranked.isEmpty()) return r;
        BankClassifier.Scored top = ranked.get(0);
        double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
        String profile = profileOf(text, r, profiles);
        if (top.action() != Action.UNKNOWN && top.score() >= ACCEPT && top.score() - second >= MARGIN
                && !ONLY_JAMO.matcher(text).matches()) {
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

    /**
     * A sure rules answer whose words the bank reads clearly as another action ("study_exit_params 전체 실행" is a
     * full run, not a run; "컨테이너 이미지 언제 만들어졌어" asks about the image, it does not build one). Never into or
     * out of a destructive action: then both readings are offered instead. Refusal flags were handled before.
     */
    private Intent secondOpinion(String text, Intent r, List<String> profiles) {
        if (r.action() == Action.UNKNOWN || r.flags().stream().anyMatch(FINAL::contains) || r.dryRun()
                || r.action() == Action.HISTORY || RuleParser.holdsBack(text)) {
            return r;
        }
        BankClassifier c = ifReady.get();
        if (c == null) return r;
        List<BankClassifier.Scored> ranked = c.rank(text, profiles);
        if (ranked.isEmpty()) return r;
        BankClassifier.Scored top = ranked.get(0);
        if (top.action() == r.action() || top.action() == Action.UNKNOWN || top.score() < OVERRULE) return r;
        if (top.action() == Action.FULL && !mentionsResults(text)) return r; // a full run is a run + its results
        // "돌린 후에 csv 받아와": the rules read a run and its results together; a bank that reads one half of it (the
        // fetch, the run, the wait) does not undo that
        if (r.action() == Action.FULL && EnumSet.of(Action.RUN, Action.COLLECT, Action.WATCH).contains(top.action())) return r;
        // "돌려놓고 끝나면 알려줘": a run the person wants to hear the end of is still a run (no job to watch yet)
        if (CREATES.contains(r.action()) && top.action() == Action.WATCH) return r;
        double rulesScore = ranked.stream().filter(x -> x.action() == r.action()).mapToDouble(BankClassifier.Scored::score)
            .findFirst().orElse(0);
        if (top.score() - rulesScore < OVERRULE_MARGIN) return r;
        String profile = r.profile() != null ? r.profile() : profileOf(text, r, profiles);
        if (DESTRUCTIVE.contains(top.action()) || DESTRUCTIVE.contains(r.action())) {
            List<Reading> both = new ArrayList<>();
            Reading mine = reading(r.action(), r.profile(), r.jobId(), text);
            Reading theirs = reading(top.action(), profile, r.jobId(), text);
            if (mine != null) both.add(mine);
            if (theirs != null) both.add(theirs);
            return both.size() < 2 ? r
                : r.withReadings(both).withConfidence(Confidence.UNSURE, Questions.get("choices"));
        }
        Intent i = proposal(top.action(), profile, text, r, profiles);
        return i == null ? r : i.withSource("rules+classifier");
    }

    /**
     * The rules read a verb and asked because it had nothing to act on ("돌릴 수 있는 거 뭐 있어": a run without a
     * profile that is really a question): when the bank reads another action as clearly as a second opinion must,
     * that one is proposed. Every other question of the rules (a hint word alone, a partial name, values without a
     * verb, a sweep, a dry run, an unknown name) is deliberate and stands.
     */
    private Intent reconsider(String text, Intent r, List<String> profiles) {
        if (!r.has(Flag.NEEDS_PROFILE) || r.profile() != null || r.action() == Action.SWEEP || r.dryRun()
                || !r.overrides().isEmpty() || r.has(Flag.UNKNOWN_PROFILE) || DESTRUCTIVE.contains(r.action())) {
            return r;
        }
        BankClassifier c = classifier.get();
        if (c == null) return r;
        List<BankClassifier.Scored> ranked = c.rank(text, profiles);
        if (ranked.isEmpty()) return r;
        BankClassifier.Scored top = ranked.get(0);
        if (top.action() == r.action() || top.action() == Action.UNKNOWN || top.score() < OVERRULE
                || DESTRUCTIVE.contains(top.action())) {
            return r;
        }
        double rulesScore = ranked.stream().filter(x -> x.action() == r.action())
            .mapToDouble(BankClassifier.Scored::score).findFirst().orElse(0);
        if (top.score() - rulesScore < OVERRULE_MARGIN) return r;
        Intent i = proposal(top.action(), profileOf(text, r, profiles), text, r, profiles);
        return i == null ? r : i.withSource("rules+classifier");
    }

    /**
     * Two action words where one only describes ("실행 디렉토리 청소해줘": the run dirs are to be cleaned): the bank may
     * pick one of the actions the rules saw, when it reads it that clearly. Never a cancel: that keeps asking.
     */
    private Intent oneOfTwo(String text, Intent r, List<String> profiles) {
        Set<Action> seen = EnumSet.noneOf(Action.class);
        String low = text.toLowerCase(java.util.Locale.ROOT);
        List<ActionPatterns.Match> matches = ActionPatterns.find(low);
        for (int i = 0; i < matches.size(); i++) {
            seen.add(matches.get(i).action());
            // "결과 가져오고 run dir 청소해줘", "push 하고 submit": two requests in a row, not one described by the other
            if (i > 0 && matches.get(i).action() != matches.get(i - 1).action()
                    && SEQUENCE.matcher(low.substring(matches.get(i - 1).end(), matches.get(i).start())).find()) {
                return null;
            }
        }
        if (seen.contains(Action.CANCEL)) return null;
        BankClassifier c = classifier.get();
        if (c == null) return null;
        List<BankClassifier.Scored> ranked = c.rank(text, profiles);
        if (ranked.size() < 2) return null;
        BankClassifier.Scored top = ranked.get(0);
        if (!seen.contains(top.action()) || top.score() < OVERRULE
                || top.score() - ranked.get(1).score() < OVERRULE_MARGIN) {
            return null;
        }
        Intent cleared = new Intent(r.action(), r.profile(), r.jobId(), r.overrides(), r.dryRun(), r.confidence(),
            r.source(), r.question(), EnumSet.noneOf(Flag.class));
        Intent i = proposal(top.action(), profileOf(text, r, profiles), text, cleared, profiles);
        return i == null ? null : i.withSource("rules+classifier");
    }

    /** "ㅅㅌ", "ㄱㄱ" alone: too little to act on (with a name or a job id beside it, 초성 is read as usual). */
    private static final java.util.regex.Pattern ONLY_JAMO = java.util.regex.Pattern.compile("[\\sㄱ-ㅣ\\p{Punct}]*");

    /** Words about results or a whole pipeline: what makes a run a full run. */
    private static final java.util.regex.Pattern RESULTS_OR_PIPELINE = java.util.regex.Pattern.compile(
        "결과|아웃풋|산출물|수집|회수|원샷|원스톱|한방에|통째로|끝까지|처음부터|풀\\s*런|풀로|전체|파이프라인|"
            + "(?<![a-z])(?:results?|outputs?|collect|full|e2e|end\\s*to\\s*end|pipeline)(?![a-z])");

    private static boolean mentionsResults(String text) {
        return RESULTS_OR_PIPELINE.matcher(text.toLowerCase(java.util.Locale.ROOT)).find();
    }

    /** What joins two requests made one after the other: "-고", "그리고", "다음에", "and", a comma. */
    private static final java.util.regex.Pattern SEQUENCE = java.util.regex.Pattern.compile(
        "고(?:\\s|$)|그리고|다음에|다음|뒤에|후에|[,+&]|(?<![a-z])(?:and|then)(?![a-z])");

    /** The classifier's action as an Intent, with what the rules found; null when it cannot be one. */
    private Intent proposal(Action action, String profile, String text, Intent r, List<String> profiles) {
        String jobId = r.jobId();
        Map<String, String> ov = new LinkedHashMap<>(r.overrides());
        if (action != Action.LOG) {
            ov.remove(Overrides.LINES);
            ov.remove(Overrides.STREAM);
        } else if (r.action() != Action.LOG || !ov.containsKey(Overrides.LINES) && !ov.containsKey(Overrides.STREAM)) {
            // the rules keep "50줄", "err" only for a log; read as one, the message keeps them ("err 파일 까봐")
            Map<String, String> asLog = rules.parse(text + " 로그", profiles).overrides();
            for (String k : List.of(Overrides.LINES, Overrides.STREAM)) {
                if (asLog.containsKey(k)) ov.put(k, asLog.get(k));
            }
        }
        // "gpu 파티션 지금 많이 밀려있어?": a partition asked about is no run value
        if (action == Action.STATUS) ov.keySet().removeAll(RuleParser.RUN_OVERRIDES);
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        flags.addAll(r.flags());
        if (profile != null) flags.remove(Flag.UNKNOWN_PROFILE);
        if ((action == Action.CANCEL && !RuleParser.namesManyJobs(text) || action == Action.CLEAN)
                && RuleParser.othersWork(RuleParser.normalize(text).toLowerCase(java.util.Locale.ROOT))) {
            // "재훈이 옵티 결과 폴더 지워줘": someone else's job or files, the same question as the rules'
            return new Intent(action, profile, jobId, ov, r.dryRun(), Confidence.UNSURE, "classifier",
                Questions.get("othersWork", Questions.label(action)), flags);
        }
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
            String low = text.toLowerCase(java.util.Locale.ROOT);
            if (!KILL_SLANG.matcher(low).find()
                    && ActionPatterns.find(low).stream().noneMatch(m -> m.action() == Action.CANCEL)) {
                // "12345 ㄱㄱ": a cancel the bank guessed without any cancel word is asked about, naming the job
                return new Intent(action, profile, jobId, ov, r.dryRun(), Confidence.UNSURE, "classifier",
                    Questions.confirm(action, profile, jobId), flags);
            }
        }
        if (flags.contains(Flag.UNKNOWN_PROFILE)) return null; // a word that is no profile: the rules' question stands
        if (CREATES.contains(action) && profile == null) {
            flags.add(Flag.NEEDS_PROFILE);
            return new Intent(action, null, jobId, ov, r.dryRun(), Confidence.UNSURE, "classifier",
                Questions.profileFor(action, profiles), flags);
        }
        if (FROM_STATE.contains(action) && profile == null && (jobId == null || action == Action.COLLECT)) {
            flags.add(Flag.NEEDS_PROFILE); // a collect names its profile or the job's own is used
        }
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
    static String profileOf(String text, Intent r, List<String> profiles) {
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
