package ptj.slurmrunner.bot;

import java.util.List;
import ptj.slurmrunner.results.ResultReport;

/** Unrequested notices (job started/finished/failed) posted later into the thread of the origin. */
public interface NoticeSink {
    void notice(Origin origin, Reply reply);

    /** What the watcher's collect of a `full` job brought back (Slack: result card + chart in the thread). */
    default void result(Origin origin, ResultReport report) {
        notice(origin, new Reply(Reply.Tone.SUCCESS, report.text(), List.of(), null, true));
    }
}
