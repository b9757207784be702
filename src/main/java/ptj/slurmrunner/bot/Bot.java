package ptj.slurmrunner.bot;

import java.util.List;
import ptj.slurmrunner.config.Profile;
import ptj.slurmrunner.results.Results;

/**
 * The pipeline behind every front end (console, Slack). Implementations never throw to the caller: every
 * failure becomes a Korean Reply on the sink.
 */
public interface Bot {
    /** A message typed by a person. */
    void onMessage(Origin origin, String text, ReplySink sink);

    /** A button clicked (Slack) or a typed 예/아니오 (console) answering a Choice id. */
    void onChoice(Origin origin, String choiceId, ReplySink sink);

    /** The jobs the watcher follows (Slack's App Home lists the viewer's); empty without a watcher. */
    default List<SubmittedJobs.Tracked> tracked() {
        return List.of();
    }

    /** The project's profiles (the run modal's select and prefill). */
    default List<Profile> profiles() {
        return List.of();
    }

    /** The result service behind collect and compare (Slack's "CSV 받기" finds files through it); null if none. */
    default Results results() {
        return null;
    }
}
