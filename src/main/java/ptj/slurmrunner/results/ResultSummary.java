package ptj.slurmrunner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics one job wrote ({@code RESULTS_SUMMARY}): a flat JSON object read into numbers, texts and booleans in
 * file order. A nested object is flattened with dots ({@code exit.stopLoss}); arrays are skipped. Also the one place
 * that formats a metric for people: 3 significant digits below 1000 ({@code 1.23}, {@code 0.0456}), whole numbers
 * with thousands separators above, and signed differences with ▲/▼. The sweep reader sorts tasks with
 * {@link #number} and the same direction rule.
 */
public record ResultSummary(Map<String, Object> values) {
    /** More keys than this and the rest is ignored (a summary is a handful of figures, not a data set). */
    static final int MAX_KEYS = 40;
    static final long MAX_BYTES = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ResultSummary {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ResultSummary read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) throw new IOException(file + " is larger than " + MAX_BYTES + " bytes");
        JsonNode n = JSON.readTree(file.toFile());
        if (n == null || !n.isObject()) throw new IOException(file + " is not a JSON object");
        return of(n);
    }

    public static ResultSummary of(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        flatten("", object, out);
        return new ResultSummary(out);
    }

    private static void flatten(String prefix, JsonNode n, Map<String, Object> out) {
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext() && out.size() < MAX_KEYS) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) flatten(key + ".", v, out);
            else if (v.isIntegralNumber()) out.put(key, v.asLong());
            else if (v.isNumber()) out.put(key, v.asDouble());
            else if (v.isBoolean()) out.put(key, v.asBoolean());
            else if (v.isTextual()) out.put(key, v.asText());
        }
    }

    public Optional<Double> number(String key) {
        Object v = values.get(key);
        if (v instanceof Long l) return Optional.of(l.doubleValue());
        if (v instanceof Double d && Double.isFinite(d)) return Optional.of(d);
        return Optional.empty();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    // ---- formatting ---------------------------------------------------------------------------------------------

    /** A value as people read it: {@code 1.23}, {@code 0.0456}, {@code 12,345}, texts as they are. */
    public static String format(Object v) {
        if (v == null) return "-";
        if (v instanceof Long l) return String.format(Locale.ROOT, "%,d", l);
        if (v instanceof Double d) return formatNumber(d);
        return String.valueOf(v);
    }

    public static String formatNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) return String.valueOf(d);
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format(Locale.ROOT, "%,d", (long) d);
        if (Math.abs(d) >= 1000) return String.format(Locale.ROOT, "%,.0f", d);
        return new BigDecimal(d).round(new MathContext(3, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
    }

    /** {@code ▲ +0.12} / {@code ▼ -0.05} / {@code = 0}. */
    public static String formatDiff(double diff) {
        if (diff == 0) return "= 0";
        String n = formatNumber(Math.abs(diff));
        return diff > 0 ? "▲ +" + n : "▼ -" + n;
    }

    /** Whether {@code now} is better than {@code before} for a metric with this direction (equal is not better). */
    public static boolean better(double now, double before, boolean lowerIsBetter) {
        return lowerIsBetter ? now < before : now > before;
    }
}
