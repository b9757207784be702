package ptj.slurmrunner.bot;

import java.util.List;
import ptj.slurmrunner.results.CompareReport;
import ptj.slurmrunner.results.ResultReport;

/**
 * Where the answers to one request go. The first {@link #show} posts; later calls replace the previous message
 * while it was a progress reply (Slack: chat.update of the same ts), otherwise post a new one in the same thread.
 * {@link #ephemeral} is a note only the requester sees (Slack: chat.postEphemeral; console: printed).
 */
public interface ReplySink {
    void show(Reply reply);

    default void ephemeral(String text) { show(Reply.info(text)); }

    /** What a collect brought back (Slack: a result card + the chart uploaded into the thread; console: text). */
    default void result(ResultReport report) {
        show(new Reply(Reply.Tone.SUCCESS, report.text(), List.of(), null, true));
    }

    /** The last collected runs side by side (Slack: a table card + chart; console: the table). */
    default void compare(CompareReport report) { show(Reply.info(report.text())); }

    /**
     * A sweep's collect brought its tasks back (Slack: a comparison card + a chart of the metric across the swept
     * parameter in the thread). The console prints nothing more: the collect report already holds the table, so the
     * chart is only drawn when a front end asks for it.
     */
    default void sweep(java.util.function.Supplier<ptj.slurmrunner.sweep.SweepResult> result) { }
}
