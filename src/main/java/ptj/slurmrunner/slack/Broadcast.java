package ptj.slurmrunner.slack;

import java.util.Locale;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Reply;

/**
 * Which watcher notices are also shown in the channel (chat.postMessage {@code reply_broadcast}), from
 * {@code SLURM_RUNNER_BROADCAST}: {@code failures} (default) — a job that ended other than COMPLETED; {@code all} —
 * every job end, ✅ too; {@code none}. PENDING/RUNNING notices stay in the thread: the job's card shows them.
 */
public enum Broadcast {
    FAILURES, ALL, NONE;

    public static Broadcast parse(String raw) {
        if (raw == null || raw.isBlank()) return FAILURES;
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "all" -> ALL;
            case "none", "off" -> NONE;
            case "failures", "failure", "failed" -> FAILURES;
            default -> throw new IllegalArgumentException(
                "SLURM_RUNNER_BROADCAST must be failures, all or none (was " + raw.strip() + ")");
        };
    }

    /** True when this notice goes to the channel as well as the thread. */
    public boolean broadcasts(Reply notice) {
        Card c = notice.card();
        if (this == NONE || c == null || c.kind() != Card.Kind.JOB_STATE || c.state() == null) return false;
        if (!Card.ENDED.contains(c.state())) return false;
        return this == ALL || !"COMPLETED".equals(c.state());
    }
}
