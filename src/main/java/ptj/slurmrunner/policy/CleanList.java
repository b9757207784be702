package ptj.slurmrunner.policy;

import java.util.List;

/**
 * What {@code make slurm-clean} would delete (its confirm_required answer): server run dirs, local .rundir files, and
 * the run dirs it spares because their job is still PENDING/RUNNING.
 */
public record CleanList(List<String> remote, List<String> local, List<String> spared) {
    public CleanList {
        remote = remote == null ? List.of() : List.copyOf(remote);
        local = local == null ? List.of() : List.copyOf(local);
        spared = spared == null ? List.of() : List.copyOf(spared);
    }

    public boolean isEmpty() {
        return remote.isEmpty() && local.isEmpty();
    }
}
