package ptj.slurmrunner.watch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.bot.Shortcuts;

/**
 * The buttons on the watcher's notices. Form: {@code act:<verb>:<profile>:<jobId>} with verb {@code log},
 * {@code recover} or {@code collect}. The pipeline ({@code Bot.onChoice}) parses them with {@link #parse} and runs
 * the matching action through its normal policy (the requester check and confirmations still apply); unlike
 * confirmation buttons they are not single-use plans, just a shortcut for typing "PROFILE 로그"/"복구".
 */
public final class ChoiceIds {
    public static final String LOG = "log";
    public static final String RECOVER = "recover";
    public static final String COLLECT = "collect";
    private static final Pattern FORM = Shortcuts.FORM; // one format: the pipeline parses what we build

    public record WatchChoice(String verb, String profile, String jobId) {}

    private ChoiceIds() {}

    public static String of(String verb, String profile, String jobId) {
        String id = "act:" + verb + ":" + profile + ":" + jobId;
        if (!FORM.matcher(id).matches()) throw new IllegalArgumentException("bad choice id " + id);
        return id;
    }

    /**
     * The same request typed as a message ("backtest_v5 로그 12345"), so {@code Bot.onChoice} can hand a watcher
     * button to {@code onMessage} and the usual parser → policy → make path runs it (the requester's own rights apply).
     */
    public static String asMessage(WatchChoice c) {
        return Shortcuts.asMessage(new Shortcuts.Shortcut(c.verb(), c.profile(), c.jobId()));
    }

    public static Optional<WatchChoice> parse(String id) {
        if (id == null) return Optional.empty();
        Matcher m = FORM.matcher(id);
        return m.matches() ? Optional.of(new WatchChoice(m.group(1), m.group(2), m.group(3))) : Optional.empty();
    }
}
