package ptj.slurmrunner.policy;

import java.util.List;
import java.util.Optional;

/**
 * What the policy may look at. Read-only: nothing here changes a file or a job. The live implementation reads
 * slurm/profiles and slurm/jobs and asks the toolkit ({@code make slurm-show|status|clean OUTPUT=json}); tests use a
 * hand-written fake. Lookups that need the server throw {@link Unavailable} when it cannot answer: the policy then
 * refuses (fail closed) instead of guessing.
 */
public interface ProjectState {
    List<String> profiles();

    /**
     * The profile card; empty when slurm/profiles/NAME.conf does not exist. Throws {@link Unavailable} when the file
     * exists but cannot be read as a profile (a bad value such as MEM=40GB, no make): the user must hear that
     * reason, not "no such profile".
     */
    Optional<ProfileCard> profile(String name) throws Unavailable;

    /** Content of slurm/jobs/NAME.jobid, trimmed; empty when the file does not exist. */
    Optional<String> trackedJobId(String profile);

    /** Content of slurm/jobs/NAME.lastjob (the job collect finished with), trimmed; empty when absent. */
    default Optional<String> lastJobId(String profile) {
        return Optional.empty();
    }

    /** Content of slurm/jobs/NAME.rundir, trimmed; empty when the file does not exist. */
    Optional<String> trackedRunDir(String profile);

    /** SLURM state of the job (RUNNING, PENDING, COMPLETED, …, or UNKNOWN when the server no longer knows it). */
    String jobState(String jobId) throws Unavailable;

    /** What {@code make slurm-clean} would delete now. */
    CleanList cleanTargets() throws Unavailable;

    String defaultPartition();

    String defaultAccount();

    /** Tasks a sweep may have at most (cluster.conf SWEEP_MAX, default 100): more is refused before anything runs. */
    default int sweepMax() {
        return 100;
    }

    /** How many tasks of a sweep run at once (cluster.conf MAX_PARALLEL, default 10): {@code --array=0-N%K}. */
    default String sweepMaxParallel() {
        return "10";
    }

    /**
     * How many tasks the sweep with this array id has, when slurm/jobs/*.sweep names it; empty for a plain job or
     * when the bot does not know (the cancel confirmation then says less, never something wrong).
     */
    default Optional<Integer> sweepTaskCount(String arrayId) {
        return Optional.empty();
    }

    /** The server (or the toolkit) could not answer; {@code code} is the toolkit's error code (ssh_failed, …). */
    final class Unavailable extends Exception {
        private final String code;

        public Unavailable(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
