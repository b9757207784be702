package ptj.slurmrunner.bot;

import java.util.List;

/**
 * Told by the pipeline the moment a job id comes back from submit/run/full, so the watcher can follow the job and
 * post its notices into the origin's thread. {@code collectWhenDone} is true for `full` (collect after COMPLETED).
 */
public interface SubmittedJobs {
    void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone);

    /**
     * The person's own watch or collect in {@code origin}'s thread has just shown that this job COMPLETED: the
     * watcher's end notice would say it again (and offer a collect already done), so a completed job that came from
     * this same thread only has its card brought up to date. Failures keep their notice (it carries the diagnosis).
     */
    default void endReported(Origin origin, String jobId) {
    }

    /**
     * What the watcher follows, for "상태 확인" next to the toolkit's [SLURM Status] (empty without a watcher).
     * {@code requester} is the Slack user id or "console"; {@code threadLink} a Slack permalink or null.
     */
    default List<Tracked> tracked() {
        return List.of();
    }

    record Tracked(String jobId, String profile, String requester, String state, String elapsed, String reason,
                   String startEstimate, String threadLink, boolean active, String nodes) {
        /** Without the node list (App Home shows it when the watcher knows it). */
        public Tracked(String jobId, String profile, String requester, String state, String elapsed, String reason,
                       String startEstimate, String threadLink, boolean active) {
            this(jobId, profile, requester, state, elapsed, reason, startEstimate, threadLink, active, null);
        }
    }

    SubmittedJobs NONE = (origin, profile, jobId, collect) -> { };
}
