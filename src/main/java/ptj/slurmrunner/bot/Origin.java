package ptj.slurmrunner.bot;

/**
 * Who asked and where to answer. In Slack: user id, channel id, thread ts (the ts of the asking message or of the
 * thread it is in). In the console: userId "console", channel "console", threadTs null.
 */
public record Origin(String userId, String channelId, String threadTs) {
    public static Origin console() {
        return new Origin("console", "console", null);
    }
}
