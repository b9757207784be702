package ptj.slurmrunner.bot;

/**
 * Told by the pipeline the moment a job id comes back from submit/run/full, so the watcher can follow the job and
 * post its notices into the origin's thread. {@code collectWhenDone} is true for `full` (collect after COMPLETED).
 */
public interface SubmittedJobs {
    void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone);

    SubmittedJobs NONE = (origin, profile, jobId, collect) -> { };
}
