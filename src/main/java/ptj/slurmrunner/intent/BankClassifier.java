package ptj.slurmrunner.intent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest examples over Nori morphemes and character n-grams (TF-IDF, cosine). For each action the score is the mean
 * of its {@link #K} most similar bank phrasings, so one stray example cannot carry a message alone. Built in process
 * from the bank; immutable and thread-safe once built.
 */
public final class BankClassifier {
    static final int K = 3;

    /** One reading of a message with its score in [0, 1]. */
    public record Scored(Action action, double score) {}

    private final Features features;
    private final List<String> profiles;
    private final Map<String, Double> idf = new HashMap<>();
    /** The weight of a term no example has: it makes a message less like every example, never more like one. */
    private final double unseenIdf;
    private final List<Map<String, Double>> vectors = new ArrayList<>();
    private final List<Action> labels = new ArrayList<>();
    /** Inverted index: term → rows that contain it (with the term's weight there), so scoring touches only rows
     * sharing a term. Terms in more than {@link #COMMON} of the rows (a blank and a particle, "ⓟ ") are left out of
     * the index: they weigh little and would make every message touch every row. */
    private final Map<String, Posting> postings = new HashMap<>();
    static final double COMMON = 0.15;

    private record Posting(int[] rows, double[] weights) {}

    BankClassifier(Features features, List<ExampleBank.Example> examples, List<String> profiles) {
        this.features = features;
        this.profiles = List.copyOf(profiles);
        // featurising is most of the build: both cores (Nori's analyzer keeps one token stream per thread)
        List<Map<String, Integer>> counts = examples.parallelStream()
            .map(e -> features.of(Features.mask(e.text(), this.profiles))).toList();
        Map<String, Integer> df = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            labels.add(examples.get(i).action());
            counts.get(i).keySet().forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int n = Math.max(1, counts.size());
        df.forEach((t, d) -> idf.put(t, Math.log((n + 1.0) / (d + 1.0)) + 1.0));
        unseenIdf = Math.log(n + 1.0) + 1.0;
        Map<String, List<Integer>> rows = new HashMap<>();
        for (int row = 0; row < counts.size(); row++) {
            Map<String, Double> v = weigh(counts.get(row));
            vectors.add(v);
            for (String t : v.keySet()) {
                if (df.get(t) <= COMMON * n) rows.computeIfAbsent(t, x -> new ArrayList<>()).add(row);
            }
        }
        rows.forEach((t, list) -> {
            int[] r = new int[list.size()];
            double[] w = new double[list.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = list.get(i);
                w[i] = vectors.get(r[i]).get(t);
            }
            postings.put(t, new Posting(r, w));
        });
        vectors.clear(); // the postings hold all that scoring needs
    }

    /** {@code profiles}: names to mask besides the bank's own example profiles. */
    public static BankClassifier build(ExampleBank bank, List<String> profiles) {
        List<String> names = new ArrayList<>(ExampleBank.PROFILE_NAMES);
        profiles.stream().filter(p -> !names.contains(p)).forEach(names::add);
        return new BankClassifier(new Features(), bank.examples(), names);
    }

    public List<Scored> rank(String text) {
        return rank(text, List.of());
    }

    /** Every action that any example supports, best first; {@code profiles} are masked like the bank's names. */
    public List<Scored> rank(String text, List<String> extraProfiles) {
        List<String> names = profiles;
        if (!extraProfiles.isEmpty() && !profiles.containsAll(extraProfiles)) {
            names = new ArrayList<>(profiles);
            for (String p : extraProfiles) if (!names.contains(p)) names.add(p);
        }
        Map<String, Double> q = weigh(features.of(Features.mask(text, names)));
        double[] dot = new double[labels.size()];
        boolean[] touched = new boolean[labels.size()];
        List<Integer> rowsHit = new ArrayList<>();
        q.forEach((t, w) -> {
            Posting p = postings.get(t);
            if (p == null) return;
            for (int i = 0; i < p.rows.length; i++) {
                int r = p.rows[i];
                dot[r] += w * p.weights[i];
                if (!touched[r]) {
                    touched[r] = true;
                    rowsHit.add(r);
                }
            }
        });
        Map<Action, List<Double>> byAction = new EnumMap<>(Action.class);
        for (int r : rowsHit) byAction.computeIfAbsent(labels.get(r), a -> new ArrayList<>()).add(dot[r]);
        List<Scored> out = new ArrayList<>();
        byAction.forEach((a, sims) -> {
            sims.sort(Comparator.reverseOrder());
            double sum = 0;
            int k = Math.min(K, sims.size());
            for (int i = 0; i < k; i++) sum += sims.get(i);
            out.add(new Scored(a, sum / K));
        });
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return out;
    }

    private Map<String, Double> weigh(Map<String, Integer> counts) {
        Map<String, Double> v = new HashMap<>();
        double norm = 0;
        for (var e : counts.entrySet()) {
            Double w0 = idf.get(e.getKey());
            double w = (1 + Math.log(e.getValue())) * (w0 == null ? unseenIdf : w0);
            if (w0 != null) v.put(e.getKey(), w);
            norm += w * w;
        }
        double len = Math.sqrt(norm);
        if (len > 0) v.replaceAll((t, w) -> w / len);
        return v;
    }
}
