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

    /** How much of an action's score is the nearest phrasings' (the rest is the linear model's probability). */
    static final double MIX = Double.parseDouble(System.getProperty("intent.mix", "0.5"));
    /** A message of names, ids and punctuation only says which thing, never what to do with it. */
    private static final java.util.regex.Pattern NOTHING_BUT_NAMES =
        java.util.regex.Pattern.compile("[\\sⓟⓙ\\p{Punct}]*");
    static final double WORD_WEIGHT = Double.parseDouble(System.getProperty("intent.wordWeight", "2.0"));
    static final int EPOCHS = Integer.getInteger("intent.epochs", 12);
    static final double L2 = Double.parseDouble(System.getProperty("intent.l2", "1e-5"));
    private static final Action[] ACTIONS = Action.values();
    /** Term → column of the linear model. */
    private final Map<String, Integer> column = new HashMap<>();
    /**
     * Multinomial logistic regression over the same TF-IDF vectors: the weight of action a for column c is
     * weights[c * ACTIONS.length + a] (one term's weights side by side: scoring reads a few terms, all actions).
     */
    private float[] weights;
    private final double[] bias;

    /** A model read back from {@link CompiledBank}: the same fields the build below fills. */
    BankClassifier(Features features, List<String> profiles, Map<String, Double> idf, double unseenIdf,
                   List<Action> labels, Map<String, Posting> postings, Map<String, Integer> column, float[] weights,
                   double[] bias) {
        this.features = features;
        this.profiles = List.copyOf(profiles);
        this.idf.putAll(idf);
        this.unseenIdf = unseenIdf;
        this.labels.addAll(labels);
        this.postings.putAll(postings);
        this.column.putAll(column);
        this.weights = weights;
        this.bias = bias;
    }

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
        bias = new double[ACTIONS.length];
        train();
        vectors.clear(); // the postings and the linear model hold all that scoring needs
    }

    /**
     * Multinomial logistic regression by stochastic gradient descent (fixed seed: the same bank gives the same
     * model). Where the nearest phrasings ask "which example is this most like", the model learns which words tell
     * the actions apart, so a new phrasing family that shares one telling word with the bank ("땡겨와" → collect) is
     * read by that word rather than by its endings.
     */
    private void train() {
        for (Map<String, Double> v : vectors) for (String t : v.keySet()) column.putIfAbsent(t, column.size());
        final int na = ACTIONS.length;
        weights = new float[column.size() * na];
        int n = vectors.size();
        int[][] idx = new int[n][];
        double[][] val = new double[n][];
        for (int i = 0; i < n; i++) {
            Map<String, Double> v = vectors.get(i);
            idx[i] = new int[v.size()];
            val[i] = new double[v.size()];
            int j = 0;
            for (var e : v.entrySet()) {
                idx[i][j] = column.get(e.getKey()) * na;
                val[i][j++] = e.getValue();
            }
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Random random = new java.util.Random(13);
        double[] p = new double[na];
        double[] step = new double[na];
        // lazily applied L2 decay: the weights are kept as scale * stored
        double scale = 1.0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double rate = 0.5 / (1 + epoch);
            for (int r : order) {
                int y = labels.get(r).ordinal();
                softmax(idx[r], val[r], scale, p);
                scale *= 1 - rate * L2;
                for (int a = 0; a < na; a++) {
                    double g = (a == y ? 1 : 0) - p[a];
                    step[a] = rate * g / scale;
                    bias[a] += rate * g * 0.1;
                }
                int[] ix = idx[r];
                double[] vx = val[r];
                for (int k = 0; k < ix.length; k++) {
                    int base = ix[k];
                    double x = vx[k];
                    for (int a = 0; a < na; a++) weights[base + a] += (float) (step[a] * x);
                }
            }
            if (scale < 1e-3) {
                rescale(scale);
                scale = 1.0;
            }
        }
        rescale(scale);
    }

    private void rescale(double scale) {
        for (int k = 0; k < weights.length; k++) weights[k] *= (float) scale;
    }

    /** {@code idx}: column offsets (column * ACTIONS.length). */
    private void softmax(int[] idx, double[] val, double scale, double[] p) {
        final int na = ACTIONS.length;
        java.util.Arrays.fill(p, 0);
        for (int k = 0; k < idx.length; k++) {
            int base = idx[k];
            double x = val[k] * scale;
            for (int a = 0; a < na; a++) p[a] += weights[base + a] * x;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < na; a++) {
            p[a] += bias[a];
            max = Math.max(max, p[a]);
        }
        double sum = 0;
        for (int a = 0; a < na; a++) {
            p[a] = Math.exp(p[a] - max);
            sum += p[a];
        }
        for (int a = 0; a < na; a++) p[a] /= sum;
    }

    /**
     * {@code profiles}: names to mask besides the bank's own example profiles. The model compiled with the jar
     * ({@link CompiledBank}) is used when it was compiled from this very bank and these names mask the bank's words
     * as they did then; otherwise the model is built here (about a second).
     */
    public static BankClassifier build(ExampleBank bank, List<String> profiles) {
        return compiledOrBuilt(bank.source(), bank::examples, profiles, new Features());
    }

    /**
     * The bot's classifier: the compiled model when it fits (the bank is then never expanded into phrasings), else
     * built from the bank; either way Nori's dictionaries are loaded before it is returned, so the first message
     * does not pay for them.
     */
    public static BankClassifier load(List<String> profiles) {
        Features features = new Features();
        // Nori's dictionaries load on the other core while the model is read: they are half the wait
        var nori = java.util.concurrent.CompletableFuture.runAsync(() -> features.morphemes("준비"));
        String source = ExampleBank.text();
        BankClassifier c = compiledOrBuilt(source, () -> ExampleBank.parse(source).examples(), profiles, features);
        nori.join();
        return c;
    }

    /** The model compiled from {@code source} with these names, else one built from its examples. */
    private static BankClassifier compiledOrBuilt(String source, java.util.function.Supplier<List<ExampleBank.Example>>
                                                      examples, List<String> profiles, Features features) {
        List<String> names = maskNames(profiles);
        BankClassifier compiled = CompiledBank.read(source, names, features);
        return compiled != null ? compiled : new BankClassifier(features, examples.get(), names);
    }

    /** Built here, never read back: what {@link CompiledBank} writes, and what the cross-validation needs. */
    static BankClassifier buildFresh(ExampleBank bank, List<String> profiles) {
        return new BankClassifier(new Features(), bank.examples(), maskNames(profiles));
    }

    static List<String> maskNames(List<String> profiles) {
        List<String> names = new ArrayList<>(ExampleBank.PROFILE_NAMES);
        profiles.stream().filter(p -> !names.contains(p)).forEach(names::add);
        return names;
    }

    /** What {@link CompiledBank} writes: the fields scoring reads. */
    void writeTo(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeDouble(unseenIdf);
        out.writeInt(idf.size());
        for (var e : idf.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue());
        }
        out.writeInt(labels.size());
        for (Action a : labels) out.writeByte(a.ordinal());
        out.writeInt(postings.size());
        for (var e : postings.entrySet()) {
            out.writeUTF(e.getKey());
            Posting p = e.getValue();
            out.writeInt(p.rows.length);
            for (int i = 0; i < p.rows.length; i++) {
                out.writeInt(p.rows[i]);
                out.writeDouble(p.weights[i]);
            }
        }
        out.writeInt(column.size());
        for (var e : column.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(weights.length);
        for (float w : weights) out.writeFloat(w);
        out.writeInt(bias.length);
        for (double b : bias) out.writeDouble(b);
    }

    static BankClassifier readFrom(java.io.DataInputStream in, Features features, List<String> profiles)
        throws java.io.IOException {
        double unseen = in.readDouble();
        int n = in.readInt();
        Map<String, Double> idf = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) idf.put(in.readUTF(), in.readDouble());
        n = in.readInt();
        List<Action> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) labels.add(ACTIONS[in.readByte()]);
        n = in.readInt();
        Map<String, Posting> postings = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            String t = in.readUTF();
            int m = in.readInt();
            int[] r = new int[m];
            double[] w = new double[m];
            for (int j = 0; j < m; j++) {
                r[j] = in.readInt();
                w[j] = in.readDouble();
            }
            postings.put(t, new Posting(r, w));
        }
        n = in.readInt();
        Map<String, Integer> column = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) column.put(in.readUTF(), in.readInt());
        float[] weights = new float[in.readInt()];
        for (int i = 0; i < weights.length; i++) weights[i] = in.readFloat();
        double[] bias = new double[in.readInt()];
        for (int i = 0; i < bias.length; i++) bias[i] = in.readDouble();
        if (bias.length != ACTIONS.length || weights.length != column.size() * ACTIONS.length) {
            throw new java.io.IOException("compiled bank does not fit this build's actions");
        }
        return new BankClassifier(features, profiles, idf, unseen, labels, postings, column, weights, bias);
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
        String masked = Features.mask(text, names);
        if (NOTHING_BUT_NAMES.matcher(masked).matches()) return List.of(); // "backtest_v5", "812": which, not what
        Map<String, Double> q = weigh(features.of(masked));
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
        double[] knn = new double[ACTIONS.length];
        byAction.forEach((a, sims) -> {
            sims.sort(Comparator.reverseOrder());
            double sum = 0;
            int k = Math.min(K, sims.size());
            for (int i = 0; i < k; i++) sum += sims.get(i);
            knn[a.ordinal()] = sum / K;
        });
        double[] p = new double[ACTIONS.length];
        List<Integer> qi = new ArrayList<>();
        List<Double> qv = new ArrayList<>();
        q.forEach((t, w) -> {
            Integer c = column.get(t);
            if (c != null) {
                qi.add(c * ACTIONS.length);
                qv.add(w);
            }
        });
        if (qi.isEmpty() && rowsHit.isEmpty()) return List.of();
        softmax(qi.stream().mapToInt(Integer::intValue).toArray(), qv.stream().mapToDouble(Double::doubleValue).toArray(),
            1.0, p);
        List<Scored> out = new ArrayList<>();
        for (Action a : ACTIONS) {
            double s = MIX * knn[a.ordinal()] + (1 - MIX) * p[a.ordinal()];
            if (s > 1e-3) out.add(new Scored(a, s));
        }
        out.sort(Comparator.comparingDouble(Scored::score).reversed());
        return out;
    }

    private Map<String, Double> weigh(Map<String, Integer> counts) {
        Map<String, Double> v = new HashMap<>();
        double norm = 0;
        for (var e : counts.entrySet()) {
            Double w0 = idf.get(e.getKey());
            double w = (1 + Math.log(e.getValue())) * (w0 == null ? unseenIdf : w0)
                * (e.getKey().startsWith("w:") ? WORD_WEIGHT : 1.0);
            if (w0 != null) v.put(e.getKey(), w);
            norm += w * w;
        }
        double len = Math.sqrt(norm);
        if (len > 0) v.replaceAll((t, w) -> w / len);
        return v;
    }
}
