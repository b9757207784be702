package ptj.slurmrunner.watch;

/**
 * How the watcher collects a `full` job after it COMPLETED. The pipeline supplies the implementation: it must go
 * through {@code make slurm-collect PROFILE=… JOBID=… OUTPUT=json} (collect's own safety rules: refused while
 * RUNNING/PENDING, removes only that run dir) and return the parsed last JSON line, e.g. with
 * {@link CollectResult#fromJson}. Called on the watcher's collect thread, never twice for the same job unless the
 * bot died during the call. An exception counts as a failed collect.
 */
@FunctionalInterface
public interface JobCollector {
    CollectResult collect(String profile, String jobId) throws Exception;

    JobCollector NONE = (profile, jobId) -> CollectResult.failed("collect_unavailable", "수집기가 연결되지 않았습니다.");
}
