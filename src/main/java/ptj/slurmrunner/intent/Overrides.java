package ptj.slurmrunner.intent;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keys and value forms of the explicit overrides an Intent may carry. The forms are those the toolkit accepts
 * (docs/toolkit-contract.md "Invocation"); anything else is dropped before it reaches the policy.
 */
public final class Overrides {
    public static final String CPUS = "CPUS";
    public static final String MEM = "MEM";
    public static final String TIME = "TIME";
    public static final String PARTITION = "PARTITION";
    public static final String ACCOUNT = "ACCOUNT";
    public static final String LINES = "LINES";
    public static final String STREAM = "STREAM";
    /** make slurm-sweep's grid ({@code seed=1..20}); set by the sweep phrases, checked by the policy. */
    public static final String SWEEP = "SWEEP";

    private static final Map<String, Pattern> FORMS = Map.of(
        CPUS, Pattern.compile("[1-9][0-9]{0,3}"),
        MEM, Pattern.compile("[1-9][0-9]{0,6}[KMGT]"),
        TIME, Pattern.compile("([0-9]{1,3}-)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}"),
        PARTITION, Pattern.compile("[A-Za-z0-9_-]{1,64}"),
        ACCOUNT, Pattern.compile("[A-Za-z0-9_-]{1,64}"),
        LINES, Pattern.compile("[1-9][0-9]{0,4}"),
        STREAM, Pattern.compile("out|err|both"),
        SWEEP, Pattern.compile("[a-z][a-z0-9-]{0,31}=[A-Za-z0-9_.:+,-]{1,200}(?: [a-z][a-z0-9-]{0,31}=[A-Za-z0-9_.:+,-]{1,200}){0,7}"));

    private Overrides() {}

    /** True when key is a known override key and value has its form. */
    public static boolean valid(String key, String value) {
        Pattern p = key == null ? null : FORMS.get(key);
        return p != null && value != null && p.matcher(value).matches();
    }

    /** {@code 80}, {@code g}/{@code gb}/{@code 기가} → {@code 80G}; null for an unknown unit. */
    static String memory(String digits, String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        String letter = switch (u) {
            case "k", "kb", "kib" -> "K";
            case "m", "mb", "mib", "메가" -> "M";
            case "g", "gb", "gib", "기가", "기가바이트" -> "G";
            case "t", "tb", "tib", "테라" -> "T";
            default -> null;
        };
        return letter == null ? null : Long.parseLong(digits) + letter;
    }

    /** Days, hours, minutes → SLURM {@code [D-]HH:MM:SS}; hours of 100 and more become days. */
    static String duration(long days, long hours, long minutes) {
        long total = days * 24 * 60 + hours * 60 + minutes;
        long d = total / (24 * 60);
        long h = (total % (24 * 60)) / 60;
        long m = total % 60;
        if (d > 0 && days == 0 && total / 60 < 100) return String.format(Locale.ROOT, "%02d:%02d:00", total / 60, m);
        return d > 0 ? String.format(Locale.ROOT, "%d-%02d:%02d:00", d, h, m)
                     : String.format(Locale.ROOT, "%02d:%02d:00", h, m);
    }
}
