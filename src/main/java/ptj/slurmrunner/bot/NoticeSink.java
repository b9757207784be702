package ptj.slurmrunner.bot;

import java.util.List;
import ptj.slurmrunner.results.ResultReport;

/** Unrequested notices (job started/finished/failed) posted later into the thread of the origin. */
public interface NoticeSink {
    void notice(Origin origin, Reply reply);

    /**
     * A job's progress that is not worth a message of its own (a sweep's task counts): front ends that keep one card
     * per job edit it in place; nothing is posted into the thread. Others ignore it.
     */
    default void progress(Origin origin, Card card) {}

    /** What the watcher's collect of a `full` job brought back (Slack: result card + chart in the thread). */
    default void result(Origin origin, ResultReport report) {
        notice(origin, new Reply(Reply.Tone.SUCCESS, report.text(), List.of(), null, true));
    }
}
