package ptj.slurmrunner.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import ptj.slurmrunner.watch.WatchHealth;

/**
 * The answer of {@code GET /healthz}: is the bot connected to Slack, is the watcher's view of the cluster fresh,
 * how many jobs it follows and how many confirmations wait. 200 when healthy, 503 when not; each reason for 503 is a
 * code in {@code problems}. Only counts, states and ages: no token, no user id, no channel, no job id.
 * <p>Healthy means: Slack not disconnected, a watcher running, and — while it follows a live job — its last query
 * failed no more recently than it answered and answered within {@code staleAfter}. With no live job the watcher makes
 * no query (ssh is not touched), so there is nothing to be stale.
 */
public final class Health {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Slack side: {@code connected} (Socket Mode, socket answers), {@code disconnected}, {@code listening} (HTTP). */
    public enum SlackState { CONNECTED, DISCONNECTED, LISTENING }

    /** Status and body of one answer. */
    public record Report(int status, String json) {
        public boolean healthy() {
            return status == 200;
        }
    }

    private final Supplier<SlackState> slack;
    private final Supplier<WatchHealth> watcher;
    private final IntSupplier pending;
    private final Duration staleAfter;
    private final Clock clock;
    private final Instant started;

    /**
     * @param watcher    null answer = no watcher (it could not be set up: jobs are not followed)
     * @param staleAfter how old the last answered poll may be while a job is live
     */
    public Health(Supplier<SlackState> slack, Supplier<WatchHealth> watcher, IntSupplier pending, Duration staleAfter,
                  Clock clock) {
        this.slack = slack;
        this.watcher = watcher;
        this.pending = pending;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** SLURM_RUNNER_HEALTH_STALE (seconds), default 300: the watcher polls at most every 60 s by default. */
    public static Duration staleAfter(java.util.Map<String, String> env) {
        String v = env.getOrDefault("SLURM_RUNNER_HEALTH_STALE", "");
        return Duration.ofSeconds(v.matches("[0-9]{1,6}") ? Math.max(1, Long.parseLong(v)) : 300);
    }

    public Report check() {
        Instant now = clock.instant();
        ObjectNode body = JSON.createObjectNode();
        ArrayNode problems = JSON.createArrayNode();
        SlackState s = slack.get();
        body.put("slack", s.name().toLowerCase(java.util.Locale.ROOT));
        if (s == SlackState.DISCONNECTED) problems.add("slack_disconnected");

        ObjectNode w = body.putObject("watcher");
        WatchHealth wh = watcher.get();
        if (wh == null) {
            w.put("state", "off");
            problems.add("watcher_off");
            body.put("trackedJobs", 0);
            body.put("activeJobs", 0);
        } else {
            int active = wh.activeJobs();
            int failures = wh.consecutiveFailures();
            Instant last = wh.lastSuccessfulPoll().orElse(null);
            Long age = last == null ? null : Math.max(0, Duration.between(last, now).toSeconds());
            String state;
            if (active == 0) {
                state = "idle";
            } else if (failures > 0) {
                state = "failing";
                problems.add("watcher_poll_failing");
            } else if (last == null ? Duration.between(started, now).compareTo(staleAfter) > 0
                                     : Duration.between(last, now).compareTo(staleAfter) > 0) {
                state = "stale";
                problems.add("watcher_poll_stale");
            } else {
                state = "ok";
            }
            w.put("state", state);
            if (age == null) w.putNull("lastSuccessfulPollAgeSeconds");
            else w.put("lastSuccessfulPollAgeSeconds", age);
            w.put("consecutiveFailures", failures);
            body.put("trackedJobs", wh.trackedJobs());
            body.put("activeJobs", active);
        }
        body.put("pendingConfirmations", pending.getAsInt());
        body.put("uptimeSeconds", Duration.between(started, now).toSeconds());
        boolean healthy = problems.isEmpty();
        body.put("status", healthy ? "ok" : "unhealthy");
        body.set("problems", problems);
        return new Report(healthy ? 200 : 503, body.toString());
    }
}
