package ptj.slurmrunner.intent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example bank ({@code src/main/resources/intent/bank.txt}): real phrasings grouped by action, kept as data.
 * <pre>
 * &#64;END = 해줘|해|해주세요|좀|ㄱㄱ        a macro, used as $END
 * [status]                                  a section per action (the action's wire name)
 * {P} (상태|진행 상황) $END                  one line = one phrasing family; (a|b|) alternatives, {P} a profile,
 *                                           {ID} a job id
 * </pre>
 * Adding an action is adding a section. Each line expands to at most {@link #PER_LINE} phrasings; every phrasing
 * remembers its line ({@link Example#family}) so cross-validation can hold a whole family out.
 */
public final class ExampleBank {
    public static final String RESOURCE = "/intent/bank.txt";
    static final int PER_LINE = 24;
    private static final Pattern GROUP = Pattern.compile("\\(([^()]*)\\)");
    private static final Pattern MACRO = Pattern.compile("\\$([A-Z_]+)");
    /** The example profiles (DESIGN.md item 7) the bank's {P} stands for; masked like any project's names. */
    public static final List<String> PROFILE_NAMES = List.of("backtest_v5", "optimizer_v5", "study_exit_params");
    private static final String[] PROFILES = {"backtest_v5", "optimizer_v5", "study_exit_params", "백테스트 v5",
        "backtest v5", "optimzer_v5", "Backtest_V5", "study_exit_param", "옵티마이저v5", "backtset_v5"};
    private static final String[] IDS = {"12345", "812", "40211", "9876", "1203"};

    /** One phrasing; {@code family} is the bank line it came from. */
    public record Example(Action action, String text, int family) {}

    private final List<Example> examples;
    /** The bank's text as read: what {@link CompiledBank} keys its model by. */
    private final String source;

    private ExampleBank(List<Example> examples, String source) {
        this.examples = List.copyOf(examples);
        this.source = source;
    }

    public static ExampleBank load() {
        return parse(text());
    }

    /** The bank's text, not yet expanded into phrasings. */
    static String text() {
        try (InputStream in = ExampleBank.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " missing from the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExampleBank parse(String text) {
        Map<String, String> macros = new LinkedHashMap<>();
        List<Example> out = new ArrayList<>();
        Action section = null;
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("@")) {
                int eq = line.indexOf('=');
                macros.put(line.substring(1, eq).strip(), line.substring(eq + 1).strip());
            } else if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).strip();
                section = Action.fromWireName(name)
                    .orElseThrow(() -> new IllegalArgumentException("bank: unknown action [" + name + "]"));
            } else {
                if (section == null) throw new IllegalArgumentException("bank line " + (n + 1) + " before a [section]");
                int lineNo = n + 1;
                String expanded = MACRO.matcher(line).replaceAll(m -> {
                    String v = macros.get(m.group(1));
                    if (v == null) throw new IllegalArgumentException("bank line " + lineNo + ": no macro " + m.group());
                    return Matcher.quoteReplacement("(" + v + ")");
                });
                for (String variant : sample(expanded, PER_LINE)) {
                    out.add(new Example(section, fill(variant, n + out.size()), n + 1));
                }
            }
        }
        return new ExampleBank(out, text);
    }

    String source() {
        return source;
    }

    public List<Example> examples() {
        return examples;
    }

    /** A few phrasings per action (for the LLM prompt), in bank order. */
    public Map<Action, List<String>> samples(int perAction) {
        Map<Action, List<String>> out = new LinkedHashMap<>();
        Map<Integer, Boolean> seenFamily = new LinkedHashMap<>();
        for (Example e : examples) {
            List<String> l = out.computeIfAbsent(e.action(), a -> new ArrayList<>());
            if (l.size() < perAction && seenFamily.putIfAbsent(e.family(), true) == null) l.add(e.text());
        }
        return out;
    }

    /**
     * At most {@code max} of the line's combinations, evenly spread over all of them (mixed-radix counting over the
     * (a|b|c) groups, the first group varying slowest), without building the whole product.
     */
    static List<String> sample(String pattern, int max) {
        List<String> literals = new ArrayList<>();
        List<String[]> groups = new ArrayList<>();
        Matcher m = GROUP.matcher(pattern);
        int last = 0;
        while (m.find()) {
            literals.add(pattern.substring(last, m.start()));
            groups.add(m.group(1).split("\\|", -1));
            last = m.end();
        }
        literals.add(pattern.substring(last));
        long total = 1;
        for (String[] g : groups) total = Math.min(total * g.length, Long.MAX_VALUE / 64);
        long count = Math.min(max, total);
        List<String> out = new ArrayList<>();
        for (long k = 0; k < count; k++) {
            long index = k * total / count;
            String[] chosen = new String[groups.size()];
            for (int gi = groups.size() - 1; gi >= 0; gi--) {
                String[] g = groups.get(gi);
                chosen[gi] = g[(int) (index % g.length)];
                index /= g.length;
            }
            StringBuilder b = new StringBuilder(literals.get(0));
            for (int gi = 0; gi < chosen.length; gi++) b.append(chosen[gi]).append(literals.get(gi + 1));
            out.add(b.toString().replaceAll("\\s+", " ").strip());
        }
        return out;
    }

    private static String fill(String s, int seed) {
        return s.replace("{P}", PROFILES[Math.floorMod(seed, PROFILES.length)])
            .replace("{ID}", IDS[Math.floorMod(seed * 7, IDS.length)]);
    }
}
