package ptj.slurmrunner.slack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the Slack front end reads from the environment, in one place (DESIGN.md contract 3).
 * Tokens come only from here and are never printed: {@link #toString()} masks them.
 *
 * @param apiUrl Web API base ending with "/" (SLACK_API_URL); tests and GovSlack move it
 * @param bind   address of the HTTP events server (SLACK_BIND); tests use 127.0.0.1
 * @param port   HTTP events port (SLACK_PORT, 0 = any free port)
 * @param channels allowed conversation ids (SLURM_RUNNER_CHANNELS; empty = all; the word "dm" admits every DM)
 * @param users  allowed user ids (SLURM_RUNNER_USERS; empty = all)
 * @param admins raw SLURM_RUNNER_ADMINS, handed to the core policy unchanged
 * @param postInterval minimum gap between chat.postMessage calls in one channel (Slack: ~1 message/s)
 * @param watchdogInterval how often the Socket Mode watchdog checks the connection and auth.test
 * @param broadcast which job notices also go to the channel (SLURM_RUNNER_BROADCAST=failures|all|none)
 */
public record SlackSettings(String botToken, String appToken, String signingSecret, String apiUrl, String bind,
                            int port, Path stateDir, Set<String> channels, Set<String> users, String admins,
                            Duration postInterval, Duration watchdogInterval, int workers, Broadcast broadcast) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    public static final String EVENTS_PATH = "/slack/events";

    public SlackSettings {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? DEFAULT_API_URL : (apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
        channels = channels == null ? Set.of() : Set.copyOf(channels);
        users = users == null ? Set.of() : Set.copyOf(users);
        admins = admins == null ? "" : admins;
        broadcast = broadcast == null ? Broadcast.FAILURES : broadcast;
    }

    public static SlackSettings fromEnv(Map<String, String> env) {
        return new SlackSettings(
            blankToNull(env.get("SLACK_BOT_TOKEN")),
            blankToNull(env.get("SLACK_APP_TOKEN")),
            blankToNull(env.get("SLACK_SIGNING_SECRET")),
            env.get("SLACK_API_URL"),
            orDefault(env.get("SLACK_BIND"), "0.0.0.0"),
            Integer.parseInt(orDefault(env.get("SLACK_PORT"), "3000")),
            Path.of(orDefault(env.get("SLURM_RUNNER_STATE_DIR"), "state")),
            idList(env.get("SLURM_RUNNER_CHANNELS")),
            idList(env.get("SLURM_RUNNER_USERS")),
            orDefault(env.get("SLURM_RUNNER_ADMINS"), ""),
            Duration.ofMillis(Long.parseLong(orDefault(env.get("SLACK_POST_INTERVAL_MS"), "1000"))),
            Duration.ofMillis((long) (1000 * Double.parseDouble(orDefault(env.get("SLACK_WATCHDOG_SECONDS"), "60")))),
            Integer.parseInt(orDefault(env.get("SLACK_WORKERS"), "8")),
            Broadcast.parse(env.get("SLURM_RUNNER_BROADCAST")));
    }

    /** The same settings with the state dir resolved against the project checkout (like the core's audit log). */
    public SlackSettings withStateDir(Path dir) {
        return new SlackSettings(botToken, appToken, signingSecret, apiUrl, bind, port, dir, channels, users, admins,
            postInterval, watchdogInterval, workers, broadcast);
    }

    public boolean socketMode() {
        return appToken != null;
    }

    /** What start-up must have; Korean-free because it goes to stderr for the operator. */
    public void requireComplete() {
        if (botToken == null) throw new IllegalStateException("SLACK_BOT_TOKEN is not set (xoxb-…)");
        if (!socketMode() && signingSecret == null) {
            throw new IllegalStateException("HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)");
        }
    }

    static Set<String> idList(String raw) {
        if (raw == null) return Set.of();
        return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String orDefault(String s, String d) {
        return s == null || s.isBlank() ? d : s.trim();
    }

    @Override
    public String toString() {
        return "SlackSettings[mode=" + (socketMode() ? "socket" : "http") + ", apiUrl=" + apiUrl + ", bind=" + bind
            + ", port=" + port + ", broadcast=" + broadcast + ", stateDir=" + stateDir + ", channels=" + channels + ", users=" + users
            + ", botToken=" + (botToken == null ? "unset" : "***") + ", appToken=" + (appToken == null ? "unset" : "***")
            + ", signingSecret=" + (signingSecret == null ? "unset" : "***") + "]";
    }
}
