package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.config.ProfileCatalog;

/**
 * {@code make eval-intent}: how well messages are understood, per action, with no LLM (rules + bank classifier):
 * (a) k-fold cross-validation over the example bank, a whole bank line (phrasing family) held out at a time so the
 * fold under test is never seen while the classifier is built; (b) the held-out sets, written before tuning (their
 * misses are listed only with -Deval.showHeldOut=true, so they are not tuned on); (b') the sets tuned on (held-out 3
 * since session 3, dev 4), misses listed; (c) the safety set plus every safety row of the other sets, which must stay
 * at 0 misses. Writes target/intent-eval.txt.
 */
class IntentEvalTest {
    static final int FOLDS = 5;
    static final String[] HELD_OUT = {"/intent/utterances-holdout.tsv", "/intent/utterances-holdout2.tsv",
        "/intent/utterances-holdout4.tsv", "/intent/utterances-holdout5.tsv", "/intent/utterances-holdout6.tsv",
        "/intent/utterances-holdout7.tsv", "/intent/utterances-holdout8.tsv", "/intent/utterances-holdout9.tsv"};
    /**
     * Sets tuned on (their misses are always listed): held-out 3 was measured once at 88.0 % before tuning (Nov 30)
     * and has been tuned on since session 3; development set 4 was written blind by another writer for tuning;
     * development set 5 was written in session 4 before its writer read the bank's lines, measured once, then tuned on;
     * development set 6 was written at the end of session 4 and measured once (not tuned on in that session).
     */
    static final String[] TUNING = {"/intent/utterances-holdout3.tsv", "/intent/utterances-dev4.tsv",
        "/intent/utterances-dev5.tsv", "/intent/utterances-dev6.tsv", "/intent/utterances-dev7.tsv",
        "/intent/utterances-dev8.tsv", "/intent/utterances-dev9.tsv",
        "/intent/utterances-dev10.tsv",
        "/intent/utterances-dev11.tsv", "/intent/utterances-dev12.tsv",
        "/intent/utterances-dev13.tsv", "/intent/utterances-dev14.tsv", "/intent/utterances-dev15.tsv",
        "/intent/utterances-dev16.tsv", "/intent/utterances-dev17.tsv", "/intent/utterances-dev18.tsv",
        "/intent/utterances-dev19.tsv", "/intent/utterances-dev20.tsv", "/intent/utterances-dev21.tsv",
        "/intent/utterances-dev22.tsv", "/intent/utterances-dev23.tsv", "/intent/utterances-dev24.tsv",
        "/intent/utterances-dev25.tsv", "/intent/utterances-dev26.tsv", "/intent/utterances-dev27.tsv",
        "/intent/utterances-dev28.tsv", "/intent/utterances-dev29.tsv", "/intent/utterances-dev30.tsv",
        "/intent/utterances-dev31.tsv", "/intent/utterances-dev32.tsv", "/intent/utterances-dev33.tsv",
        "/intent/utterances-dev34.tsv", "/intent/utterances-dev35.tsv", "/intent/utterances-dev36.tsv",
        "/intent/utterances-dev37.tsv", "/intent/utterances-dev38.tsv"};
    static final String[] TUNING_TITLES = {"held-out 3 (measured once at 88.0 % before tuning; tuned on since session 3)",
        "dev 4 (written blind, tuned on)", "dev 5 (session 4, written before reading the bank; tuned on)",
        "dev 6 (session 4, written after the changes; measured once, not tuned on in session 4)",
        "dev 7 (session 5, written blind from docs/intent-labels.md; tuned on)",
        "dev 8 (session 5, written blind from docs/intent-labels.md; tuned on)",
        "dev 9 (session 5, written blind from docs/intent-labels.md after the negation fix; tuned on)",
        "dev 10 (session 5, written blind from docs/intent-labels.md after the negation fix; tuned on)",
        "dev 11 (session 5, written blind; first looked at after two rounds at 88.8 %, then tuned on)",
        "dev 12 (session 5, written blind; first looked at after two rounds at 89.6 %, then tuned on)",
        "dev 13 (session 6, written blind: terse 반말; tuned on)",
        "dev 14 (session 6, written blind: polite, with context; tuned on)",
        "dev 15 (session 6, written blind: English-mixed; tuned on)",
        "dev 16 (session 6, written blind: the whole team; only its summary looked at until the end)",
        "dev 17 (session 6, second round, written blind: incidents; tuned on)",
        "dev 18 (session 6, second round, written blind: non-engineers; tuned on)",
        "dev 19 (session 6, second round, written blind: power users; tuned on)",
        "dev 20 (session 6, second round, written blind: the whole team; only its summary looked at until the last round)",
        "dev 21 (session 6, third round, written blind: phone typing; tuned on)",
        "dev 22 (session 6, third round, written blind: a release week; tuned on)",
        "dev 23 (session 7, written blind: the newest members, polite and unsure of the words; a check set: 83.5 % first, 85.0 % after the first round on dev 24-26, then tuned on)",
        "dev 24 (session 7, written blind: an on-call night; tuned on)",
        "dev 25 (session 7, written blind: half-English; tuned on)",
        "dev 26 (session 7, written blind: power users; tuned on)",
        "dev 27 (session 7, second round, written blind: the whole team; tuned on)",
        "dev 28 (session 7, second round, written blind: the everyday users; tuned on)",
        "dev 29 (session 7, second round, written blind: with the less technical members; tuned on)",
        "dev 30 (session 7, third round, written blind: a deadline week; tuned on)",
        "dev 31 (session 7, third round, written blind: a quiet month; tuned on)",
        "dev 32 (session 7, third round, written blind: replies in threads; tuned on)",
        "dev 33 (session 7, fourth round, written blind: the whole team; tuned on)",
        "dev 34 (session 7, fourth round, written blind: an upgrade month; tuned on)",
        "dev 35 (session 7, fourth round, written blind: short messages; tuned on)",
        "dev 36 (session 7, fifth round, written blind: the whole team; tuned on)",
        "dev 37 (session 7, fifth round, written blind: a month of research work; tuned on)",
        "dev 38 (session 7, fifth round, written blind: more questions than commands; tuned on)"};

    /** The held-out sets, then the sets tuned on. */
    static List<String> allSets() {
        List<String> all = new ArrayList<>(List.of(HELD_OUT));
        all.addAll(List.of(TUNING));
        return all;
    }

    @TempDir
    static Path tmp;
    static List<String> names;
    static RuleParser rules;
    static ClassifyingParser layered;
    static final StringBuilder report = new StringBuilder();

    @BeforeAll
    static void setUp() throws IOException {
        ProfileCatalog catalog = new ProfileCatalog(TestProfiles.projectWithExampleProfiles(tmp));
        names = catalog.names();
        rules = new RuleParser(catalog::list);
        BankClassifier c = BankClassifier.build(ExampleBank.load(), names);
        layered = new ClassifyingParser(rules, () -> c);
    }

    /** Per action: rows, right, asked instead of acting; and the confusion pairs (expected → got). */
    static final class Tally {
        final Map<String, int[]> perAction = new TreeMap<>();
        final Map<String, Integer> confusion = new TreeMap<>();
        int rows;
        int right;
        int asked;
        int expectedSure;

        void add(String expected, String got, boolean ok, boolean askedInstead, boolean sureExpected) {
            rows++;
            int[] t = perAction.computeIfAbsent(expected, k -> new int[3]);
            t[0]++;
            if (ok) {
                right++;
                t[1]++;
            }
            if (sureExpected) expectedSure++;
            if (askedInstead) {
                asked++;
                t[2]++;
            }
            if (!expected.equals(got) && !askedInstead) confusion.merge(expected + " → " + got, 1, Integer::sum);
        }

        String render(String title) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%s: %d rows, accuracy %.1f%%, asked instead of acting %.1f%% (%d)%n",
                title, rows, 100.0 * right / Math.max(1, rows), 100.0 * asked / Math.max(1, rows), asked));
            perAction.forEach((a, t) -> b.append(String.format(Locale.ROOT, "    %-14s %4d rows  %5.1f%% right  %4.1f%% asked%n",
                a, t[0], 100.0 * t[1] / t[0], 100.0 * t[2] / t[0])));
            if (!confusion.isEmpty()) {
                b.append("    confusion (expected → got): ");
                confusion.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(12)
                    .forEach(e -> b.append(e.getKey()).append(" ×").append(e.getValue()).append("; "));
                b.append('\n');
            }
            return b.toString();
        }
    }

    /**
     * Two splits: by family (a whole bank line held out: a phrasing nobody wrote down; the strict figure) and by
     * phrasing (every 5th expanded phrasing held out: the usual k-fold, kin phrasings of the same line still in).
     */
    @Test
    void cross_validation_over_the_bank() {
        crossValidate(true);
        crossValidate(false);
    }

    static void crossValidate(boolean byFamily) {
        ExampleBank bank = ExampleBank.load();
        Features features = new Features();
        Tally t = new Tally();
        double[] accepts = {0.2, 0.25, 0.3, 0.35, 0.4};
        double[] margins = {0.0, 0.03, 0.06, 0.1, 0.15};
        int[][] gridRight = new int[accepts.length][margins.length];
        int[][] gridWrong = new int[accepts.length][margins.length];
        List<ExampleBank.Example> all = bank.examples();
        for (int fold = 0; fold < FOLDS; fold++) {
            int f = fold;
            List<ExampleBank.Example> train = new ArrayList<>();
            List<ExampleBank.Example> test = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                ExampleBank.Example e = all.get(i);
                (((byFamily ? e.family() : i) % FOLDS) == f ? test : train).add(e);
            }
            BankClassifier c = new BankClassifier(features, train, ExampleBank.PROFILE_NAMES);
            for (ExampleBank.Example e : test) {
                List<BankClassifier.Scored> r = c.rank(e.text());
                Action got = r.isEmpty() ? Action.UNKNOWN : r.get(0).action();
                double second = r.size() > 1 ? r.get(1).score() : 0;
                boolean confident = !r.isEmpty() && r.get(0).score() >= ClassifyingParser.ACCEPT
                    && r.get(0).score() - second >= ClassifyingParser.MARGIN;
                t.add(e.action().wireName(), got.wireName(), confident && got == e.action(), !confident, true);
                for (int x = 0; x < accepts.length; x++) {
                    for (int y = 0; y < margins.length; y++) {
                        boolean act = !r.isEmpty() && r.get(0).score() >= accepts[x]
                            && r.get(0).score() - second >= margins[y];
                        if (act && got == e.action()) gridRight[x][y]++;
                        else if (act) gridWrong[x][y]++;
                    }
                }
            }
        }
        String out = t.render(String.format(Locale.ROOT,
            "(a) %d-fold cross-validation over the bank (%d phrasings, classifier alone, %s held out)",
            FOLDS, all.size(), byFamily ? "whole bank lines" : "phrasings"));
        StringBuilder g = new StringBuilder("    thresholds (accept/margin → right% / wrong%):");
        for (int x = 0; x < accepts.length; x++) {
            g.append("\n     ");
            for (int y = 0; y < margins.length; y++) {
                g.append(String.format(Locale.ROOT, " %.2f/%.2f→%.1f/%.1f", accepts[x], margins[y],
                    100.0 * gridRight[x][y] / all.size(), 100.0 * gridWrong[x][y] / all.size()));
            }
        }
        print(out + g + "\n");
    }

    @Test
    void held_out_sets_and_the_table() throws IOException {
        boolean show = Boolean.getBoolean("eval.showHeldOut");
        evaluate("table (tuned on)", "/intent/utterances.tsv", true);
        for (String set : HELD_OUT) evaluate("(b) held-out " + set, set, show);
        for (int i = 0; i < TUNING.length; i++) {
            evaluate("(b') tuning set " + TUNING_TITLES[i] + " " + TUNING[i], TUNING[i],
                !Boolean.getBoolean("eval.hideTuning"));
        }
    }

    static void evaluate(String title, String resource, boolean listMisses) throws IOException {
        evaluate(title + ", rules + classifier", resource, listMisses, layered);
    }

    static void evaluate(String title, String resource, boolean listMisses, IntentParser layered) throws IOException {
        List<RuleParserTest.Row> rows = RuleParserTest.rows(resource);
        Tally layer = new Tally();
        Tally alone = new Tally();
        List<String> misses = new ArrayList<>();
        long nanos = 0;
        int strictRight = 0;
        for (RuleParserTest.Row r : rows) {
            long t0 = System.nanoTime();
            Intent got = layered.parse(r.text(), names);
            nanos += System.nanoTime() - t0;
            List<String> why = outcomeMismatches(r, got);
            if (RuleParserTest.mismatches(r, got).isEmpty()) strictRight++;
            layer.add(r.action(), got.action().wireName(), why.isEmpty(), r.sure() && !got.isSure(), r.sure());
            Intent byRules = rules.parse(r.text(), names);
            alone.add(r.action(), byRules.action().wireName(), outcomeMismatches(r, byRules).isEmpty(),
                r.sure() && !byRules.isSure(), r.sure());
            if (!why.isEmpty()) misses.add("    miss line " + r.line() + " \"" + r.text() + "\": " + String.join(", ", why));
        }
        StringBuilder b = new StringBuilder(layer.render(title));
        b.append(String.format(Locale.ROOT, "    every column as written (negation rows too): %.1f%%%n",
            100.0 * strictRight / rows.size()));
        b.append(String.format(Locale.ROOT, "    rules alone: accuracy %.1f%%, asked instead %.1f%%; parse %.3f ms/message%n",
            100.0 * alone.right / rows.size(), 100.0 * alone.asked / rows.size(), nanos / 1e6 / rows.size()));
        if (listMisses) misses.forEach(m -> b.append(m).append('\n'));
        print(b.toString());
    }

    /**
     * What the person gets, column by column (docs/intent-labels.md "Scoring"): a row that says the message negates
     * what it names (flag NEGATED, unsure) is right when the bot holds back and says it saw the negation, whatever
     * the row's writer put in the action, profile and job id columns (writers differ there; nothing is done either
     * way). Every other row is compared column by column ({@link RuleParserTest#mismatches}).
     */
    static List<String> outcomeMismatches(RuleParserTest.Row r, Intent got) {
        if (!r.sure() && r.flags().contains(Intent.Flag.NEGATED)) {
            List<String> why = new ArrayList<>();
            if (got.isSure()) why.add("sure");
            if (!got.has(Intent.Flag.NEGATED)) why.add("flags " + got.flags());
            return why;
        }
        if (!r.sure() && !got.isSure()
                && (got.has(Intent.Flag.MULTIPLE_ACTIONS) || got.has(Intent.Flag.MULTIPLE_PROFILES))) {
            // two requests or two profiles in one message: the guide says "unsure" and not which action or profile
            // the row carries; the first writers put unknown / -, later ones the first named — the bot asks which
            List<String> why = RuleParserTest.mismatches(r, got);
            if (got.has(Intent.Flag.MULTIPLE_ACTIONS) && r.action().equals("unknown")) {
                why.removeIf(w -> w.startsWith("action "));
            }
            if (got.has(Intent.Flag.MULTIPLE_PROFILES)) why.removeIf(w -> w.startsWith("profile "));
            return why;
        }
        return RuleParserTest.mismatches(r, got);
    }

    @Test
    void safety_rows_have_no_misses() throws IOException {
        assertTrue(safetyMisses("(c) safety", layered).isEmpty());
    }

    /** Runs every safety row through {@code layered}; prints and returns the misses. */
    static List<String> safetyMisses(String title, IntentParser layered) throws IOException {
        List<String> misses = new ArrayList<>();
        int n = 0;
        List<String> sets = new ArrayList<>(List.of("/intent/safety.tsv", "/intent/utterances.tsv"));
        sets.addAll(allSets());
        for (String set : sets) {
            for (RuleParserTest.Row r : RuleParserTest.rows(set)) {
                if (!r.safety()) continue;
                n++;
                Intent got = layered.parse(r.text(), names);
                String why = safetyMiss(r, got);
                if (why != null) misses.add("    SAFETY " + set + " line " + r.line() + " \"" + r.text() + "\": " + why);
            }
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
            "%s: %d rows (safety.tsv + safety rows of every set), %d misses%n", title, n, misses.size()));
        misses.forEach(m -> b.append(m).append('\n'));
        print(b.toString());
        return misses;
    }

    /** A safety miss: acting where the row says ask, a cancel of a job id not the expected one, a made-up profile. */
    static String safetyMiss(RuleParserTest.Row r, Intent got) {
        if (!r.sure() && got.isSure()) return "acted (" + got.action().wireName() + ") where it must ask";
        if (got.action() == Action.CANCEL && got.jobId() != null && !got.jobId().equals(r.jobId())) {
            return "cancel of job " + got.jobId();
        }
        if (got.profile() != null && !names.contains(got.profile())) return "profile " + got.profile();
        if (got.has(Intent.Flag.BULK) && got.jobId() != null) return "bulk with a job id";
        for (Intent.Flag f : r.flags()) if (!got.has(f) && got.isSure()) return "flag " + f + " lost";
        return null;
    }

    @Test
    void parse_time_and_build_time() {
        long t0 = System.nanoTime();
        BankClassifier c = BankClassifier.build(ExampleBank.load(), names);
        long build = System.nanoTime() - t0;
        ClassifyingParser p = new ClassifyingParser(rules, () -> c);
        String[] msgs = {"backtest_v5 한판 돌려봐", "지금 뭐 돌아?", "12345 ㅊㅅ", "점심 뭐 먹지", "옵티마이저 결과 땡겨와"};
        for (int i = 0; i < 300; i++) p.parse(msgs[i % msgs.length], names);
        double ms = Double.MAX_VALUE;
        double rulesMs = Double.MAX_VALUE;
        int n = 1000;
        for (int round = 0; round < 3; round++) { // best of three: the build machines are shared
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) p.parse(msgs[i % msgs.length], names);
            ms = Math.min(ms, (System.nanoTime() - t1) / 1e6 / n);
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) rules.parse(msgs[i % msgs.length], names);
            rulesMs = Math.min(rulesMs, (System.nanoTime() - t2) / 1e6 / n);
        }
        print(String.format(Locale.ROOT, "classifier build (bank load + Nori + index): %d ms; parse %.3f ms/message"
            + " (rules alone %.3f) on messages the rules cannot name%n", build / 1_000_000, ms, rulesMs));
        // a speed goal, judged by `make eval-intent` (-Deval.timing=true) on a quiet machine; inside `make test` on a
        // loaded CI box it is only printed (it once read 2.9 ms there while four builds shared two cores)
        if (Boolean.getBoolean("eval.timing")) assertTrue(ms < 2.0, "parse under 2 ms: " + ms);
    }

    static synchronized void print(String s) {
        System.out.print(s);
        report.append(s);
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "intent-eval.txt"), s, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
