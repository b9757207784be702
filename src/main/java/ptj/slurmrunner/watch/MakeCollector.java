package ptj.slurmrunner.watch;

import java.util.Map;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.Runner;

/**
 * The collect callback for `full`, through the toolkit like every other action:
 * {@code make slurm-collect PROFILE=… JOBID=… OUTPUT=json}. The toolkit's own rules apply (refused while the job
 * is RUNNING/PENDING, removes only that run dir); the watcher only calls it after sacct said COMPLETED.
 */
public final class MakeCollector implements JobCollector {
    private final Runner runner;

    public MakeCollector(Runner runner) {
        this.runner = runner;
    }

    @Override
    public CollectResult collect(String profile, String jobId) {
        MakeResult r = runner.run("slurm-collect", Map.of("PROFILE", profile, "JOBID", jobId), line -> { });
        CollectResult c = CollectResult.fromJson(r.json());
        return r.ok() == c.ok() ? c : CollectResult.failed(r.error(), c.message());
    }
}
