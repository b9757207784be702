package ptj.slurmrunner.slack;

import java.util.Optional;
import java.util.Set;

/**
 * The Slack edge's allow-lists (SLURM_RUNNER_CHANNELS, SLURM_RUNNER_USERS). An empty list admits everyone; a
 * non-empty one fails closed. A DM (channel id starting with D) passes the channel list only when the list names it
 * or holds the word {@code dm}. Who may clean/cancel/rebuild images is the core policy's rule, not this one.
 */
public final class AccessGuard {
    /** Why a request was refused; {@code messageKey} is in slack.properties. */
    public record Refusal(String code, String messageKey) {}

    private final Set<String> channels;
    private final Set<String> users;

    public AccessGuard(Set<String> channels, Set<String> users) {
        this.channels = Set.copyOf(channels);
        this.users = Set.copyOf(users);
    }

    public Optional<Refusal> check(String userId, String channelId) {
        if (!users.isEmpty() && (userId == null || !users.contains(userId))) {
            return Optional.of(new Refusal("user_not_allowed", "slack.access.user"));
        }
        if (!channels.isEmpty()) {
            boolean dm = channelId != null && channelId.startsWith("D");
            boolean ok = channelId != null && (channels.contains(channelId) || (dm && channels.contains("dm")));
            if (!ok) return Optional.of(new Refusal("channel_not_allowed", "slack.access.channel"));
        }
        return Optional.empty();
    }

    /** Where refusals are recorded; the core's audit log when it is wired, else nothing. */
    @FunctionalInterface
    public interface RefusalLog {
        void refused(String userId, String channelId, String text, String code);

        RefusalLog NONE = (u, c, t, code) -> { };
    }
}
