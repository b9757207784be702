package ptj.slurmrunner.bot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.Overrides;

/**
 * Next-step buttons (a card's 로그 · 상태 · 결과 수집 · 취소 · 다시 실행, a notice's 복구):
 * {@code act:<verb>:<profile|->:<jobId|->[:K=V,K=V]}. Unlike a confirmation they are no stored plan:
 * {@link Pipeline#onChoice} turns one into the {@link Intent} a person would type ("PROFILE 로그 JOBID", "취소 JOBID",
 * "PROFILE 실행 CPU 4") and runs it through the same policy with the clicker's own rights — a cancel still asks
 * its own confirmation, a re-run still shows its confirmation card. The format lives here (not in watch/ or slack/)
 * so the pipeline needs neither; {@code watch.ChoiceIds} builds ids with the same pattern.
 */
public final class Shortcuts {
    public static final String PREFIX = "act:";
    private static final String PROFILE = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
    private static final String JOB = "[0-9]{1,12}(?:_[0-9]+)?";
    public static final Pattern FORM = Pattern.compile("^act:(log|status|collect|cancel|rerun|recover|compare):(" + PROFILE
        + "|-):(" + JOB + "|-)(?::([A-Z]+=[A-Za-z0-9_:-]+(?:,[A-Z]+=[A-Za-z0-9_:-]+)*))?$");
    /** What a re-run may repeat: the submit overrides, nothing else. */
    private static final java.util.Set<String> RERUN_KEYS = java.util.Set.of(Overrides.CPUS, Overrides.MEM,
        Overrides.TIME, Overrides.PARTITION, Overrides.ACCOUNT);

    /** {@code profile}/{@code jobId} are null when the id holds "-". */
    public record Shortcut(String verb, String profile, String jobId, Map<String, String> overrides) {
        public Shortcut {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        public Shortcut(String verb, String profile, String jobId) {
            this(verb, profile, jobId, Map.of());
        }
    }

    private Shortcuts() {}

    public static Optional<Shortcut> parse(String id) {
        if (id == null) return Optional.empty();
        Matcher m = FORM.matcher(id);
        if (!m.matches()) return Optional.empty();
        Map<String, String> overrides = new LinkedHashMap<>();
        if (m.group(4) != null) {
            for (String kv : m.group(4).split(",")) {
                int eq = kv.indexOf('=');
                String k = kv.substring(0, eq);
                String v = kv.substring(eq + 1);
                // anything a typed message could not carry makes the whole button invalid, not silently smaller
                if (!RERUN_KEYS.contains(k) || !Overrides.valid(k, v)) return Optional.empty();
                overrides.put(k, v);
            }
        }
        String profile = "-".equals(m.group(2)) ? null : m.group(2);
        String jobId = "-".equals(m.group(3)) ? null : m.group(3);
        return Optional.of(new Shortcut(m.group(1), profile, jobId, overrides));
    }

    /** The id a next step's button carries; fails on a profile, job id or override no message could carry. */
    public static String id(Card.Step step) {
        StringBuilder b = new StringBuilder(PREFIX).append(step.verb().name().toLowerCase(java.util.Locale.ROOT))
            .append(':').append(step.profile() == null ? "-" : step.profile())
            .append(':').append(step.jobId() == null ? "-" : step.jobId());
        if (!step.overrides().isEmpty()) {
            b.append(':');
            String sep = "";
            for (Map.Entry<String, String> e : new TreeMap<>(step.overrides()).entrySet()) {
                b.append(sep).append(e.getKey()).append('=').append(e.getValue());
                sep = ",";
            }
        }
        String id = b.toString();
        if (parse(id).isEmpty()) throw new IllegalArgumentException("bad step id " + id);
        return id;
    }

    /** The typed request the button stands for (audit text, and what a person would type). */
    public static String asMessage(Shortcut s) {
        String p = s.profile() == null ? "" : s.profile() + " ";
        return switch (s.verb()) {
            case "log" -> p + "로그" + (s.jobId() == null ? "" : " " + s.jobId());
            case "recover" -> p + "복구";
            case "collect" -> p + "결과 가져와";
            case "status" -> "상태 확인";
            case "cancel" -> p + (s.jobId() == null ? "" : s.jobId() + " ") + "취소";
            case "rerun" -> p + "실행" + overridesText(s.overrides());
            case "compare" -> p + "최근 결과 비교";
            default -> throw new IllegalArgumentException(s.verb());
        };
    }

    private static String overridesText(Map<String, String> o) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(o).forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** The Intent the button stands for: what the typed request parses to, marked as coming from a button. */
    public static Intent intent(Shortcut s) {
        return switch (s.verb()) {
            case "log" -> sure(Action.LOG, s.profile(), s.jobId(), Map.of());
            case "recover" -> sure(Action.RECOVER, s.profile(), null, Map.of());
            case "collect" -> sure(Action.COLLECT, s.profile(), null, Map.of());
            case "status" -> sure(Action.STATUS, null, null, Map.of());
            case "cancel" -> sure(Action.CANCEL, s.profile(), s.jobId(), Map.of());
            case "rerun" -> sure(Action.RUN, s.profile(), null, s.overrides());
            case "compare" -> sure(Action.COMPARE, s.profile(), null, Map.of());
            default -> throw new IllegalArgumentException(s.verb());
        };
    }

    private static Intent sure(Action a, String profile, String jobId, Map<String, String> overrides) {
        return new Intent(a, profile, jobId, overrides, false, Intent.Confidence.SURE, "button", null);
    }
}
