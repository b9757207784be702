package ptj.slurmrunner.bot;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shortcut buttons (the watcher's 로그 / 복구 / 결과 가져와 on a job notice): {@code act:<verb>:<profile>:<jobId>}.
 * Unlike a confirmation they are no stored plan: {@link Pipeline#onChoice} turns one into the request a person would
 * type ("PROFILE 로그 JOBID" / "PROFILE 복구" / "PROFILE 결과 가져와") and runs it through the parser and the policy
 * with the clicker's own rights. The format lives here (not in watch/) so the pipeline needs no watch dependency;
 * {@code watch.ChoiceIds} builds the ids with the same pattern.
 */
public final class Shortcuts {
    public static final String PREFIX = "act:";
    public static final Pattern FORM =
        Pattern.compile("^act:(log|recover|collect|compare):([A-Za-z0-9][A-Za-z0-9_.-]{0,63}):([0-9]{1,12}(?:_[0-9]+)?)$");

    public record Shortcut(String verb, String profile, String jobId) {}

    private Shortcuts() {}

    public static Optional<Shortcut> parse(String id) {
        if (id == null) return Optional.empty();
        Matcher m = FORM.matcher(id);
        return m.matches() ? Optional.of(new Shortcut(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }

    /** The typed request the button stands for. */
    public static String asMessage(Shortcut s) {
        return switch (s.verb()) {
            case "log" -> s.profile() + " 로그 " + s.jobId();
            case "recover" -> s.profile() + " 복구";
            case "collect" -> s.profile() + " 결과 가져와";
            case "compare" -> s.profile() + " 최근 결과 비교";
            default -> throw new IllegalArgumentException(s.verb());
        };
    }
}
