package ptj.slurmrunner.report;

import ptj.slurmrunner.messages.Messages;
import java.util.List;
import ptj.slurmrunner.bot.SubmittedJobs;

/** The watcher's block under "[SLURM Status]": each job the bot follows, who asked, its state and its thread. */
public final class TrackedReport {
    static final int MAX_ROWS = 15;

    private TrackedReport() {}

    public static String text(List<SubmittedJobs.Tracked> jobs) {
        StringBuilder b = new StringBuilder(Messages.get("watch.status.header"));
        int shown = 0;
        for (SubmittedJobs.Tracked j : jobs) {
            if (shown == MAX_ROWS) {
                b.append('\n').append(Messages.get("watch.status.more", String.valueOf(jobs.size() - MAX_ROWS)));
                break;
            }
            shown++;
            b.append('\n').append(Messages.get("watch.status.row", j.jobId(), orDash(j.profile()), orDash(j.state()),
                orDash(j.elapsed()), j.requester() == null ? "-" : j.requester()));
            if (j.reason() != null && !j.reason().isBlank()) b.append('\n').append(Messages.get("watch.status.reason", j.reason()));
            if (j.startEstimate() != null && !j.startEstimate().isBlank()) {
                b.append('\n').append(Messages.get("watch.status.start", j.startEstimate()));
            }
            if (j.threadLink() != null) b.append('\n').append(Messages.get("watch.status.thread", j.threadLink()));
        }
        return b.toString();
    }

    private static String orDash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
