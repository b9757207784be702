package ptj.slurmrunner.bot;

/**
 * Where the answers to one request go. The first {@link #show} posts; later calls replace the previous message
 * while it was a progress reply (Slack: chat.update of the same ts), otherwise post a new one in the same thread.
 * {@link #ephemeral} is a note only the requester sees (Slack: chat.postEphemeral; console: printed).
 */
public interface ReplySink {
    void show(Reply reply);

    default void ephemeral(String text) { show(Reply.info(text)); }
}
