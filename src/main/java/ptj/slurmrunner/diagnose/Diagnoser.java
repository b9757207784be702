package ptj.slurmrunner.diagnose;

/**
 * Reads a finished job's SLURM state, exit code and log text (.err then .out) and says why it failed.
 * Owned by the watch issue; the pipeline's FAILED reports call it too.
 */
public interface Diagnoser {
    Diagnosis diagnose(String state, String exitCode, String logText);
}
