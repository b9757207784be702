package ptj.slurmrunner.bot;

/**
 * The pipeline behind every front end (console, Slack). Implementations never throw to the caller: every
 * failure becomes a Korean Reply on the sink.
 */
public interface Bot {
    /** A message typed by a person. */
    void onMessage(Origin origin, String text, ReplySink sink);

    /** A button clicked (Slack) or a typed 예/아니오 (console) answering a Choice id. */
    void onChoice(Origin origin, String choiceId, ReplySink sink);
}
