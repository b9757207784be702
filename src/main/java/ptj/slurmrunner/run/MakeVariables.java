package ptj.slurmrunner.run;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The toolkit contract's variable forms (docs/toolkit-contract.md). Only these keys may reach make, and only with
 * values of these forms: make expands {@code $(…)} in command-line values, so a value with {@code $}, a space or
 * {@code ;} must never get that far. The policy validates with this table and the runner validates again.
 */
public final class MakeVariables {
    private static final Map<String, Pattern> FORMS = Map.ofEntries(
        Map.entry("PROFILE", Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")),
        // one job, or one task of a sweep (812_3): slurm-cancel and slurm-log take it, the other targets refuse it
        Map.entry("JOBID", Pattern.compile("[0-9]{1,12}(?:_[0-9]{1,6})?")),
        Map.entry("PARTITION", Pattern.compile("[A-Za-z0-9_-]{1,64}")),
        Map.entry("ACCOUNT", Pattern.compile("[A-Za-z0-9_-]{1,64}")),
        Map.entry("CPUS", Pattern.compile("[1-9][0-9]{0,4}")),
        Map.entry("MEM", Pattern.compile("[1-9][0-9]{0,6}[KMGT]")),
        Map.entry("TIME", Pattern.compile("([0-9]{1,3}-)?[0-9]{1,2}:[0-5][0-9]:[0-5][0-9]")),
        Map.entry("FORCE", Pattern.compile("1")),
        Map.entry("CONFIRM", Pattern.compile("yes")),
        Map.entry("DRY_RUN", Pattern.compile("1")),
        Map.entry("LINES", Pattern.compile("[1-9][0-9]{0,3}")),
        Map.entry("STREAM", Pattern.compile("out|err|both")),
        Map.entry("OUTPUT", Pattern.compile("json")),
        // make slurm-sweep: words NAME=A..B or NAME=v1,v2 (the toolkit checks them again, before any ssh)
        Map.entry("SWEEP", Pattern.compile("[a-z][a-z0-9-]{0,31}=[A-Za-z0-9_.:+,-]{1,200}"
            + "(?: [a-z][a-z0-9-]{0,31}=[A-Za-z0-9_.:+,-]{1,200}){0,7}")),
        Map.entry("MAX_PARALLEL", Pattern.compile("[1-9][0-9]{0,3}")));

    private MakeVariables() {}

    public static boolean known(String key) {
        return FORMS.containsKey(key);
    }

    public static boolean valid(String key, String value) {
        Pattern p = FORMS.get(key);
        return p != null && value != null && p.matcher(value).matches();
    }

    /** The first offending key of {@code vars}, if any. */
    public static Optional<String> firstInvalid(Map<String, String> vars) {
        return vars.entrySet().stream().filter(e -> !valid(e.getKey(), e.getValue())).map(Map.Entry::getKey).findFirst();
    }
}
