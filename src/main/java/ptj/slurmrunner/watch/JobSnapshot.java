package ptj.slurmrunner.watch;

import java.util.Locale;
import java.util.Set;

/**
 * One job as one poll saw it. {@code state} is the bare SLURM state (PENDING, RUNNING, COMPLETED, CANCELLED…,
 * or UNKNOWN when neither squeue nor sacct knows the id); {@code rawState} keeps sacct's full text
 * ("CANCELLED by 1001"). {@code accounted} is true when sacct already holds the job's end (exit code, usage).
 * {@code efficiency} is null unless the job COMPLETED and sacct had usage figures.
 */
public record JobSnapshot(String jobId, String state, String rawState, String reason, String nodes, String elapsed,
                          String exitCode, String startEstimate, boolean accounted, Efficiency efficiency) {

    public static final String UNKNOWN = "UNKNOWN";

    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
            "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED");

    public static boolean isEnded(String state) {
        return state != null && ENDED.contains(state);
    }

    public boolean ended() {
        return isEnded(state);
    }

    /** "CANCELLED by 1001" → "CANCELLED"; "RUNNING" → "RUNNING". */
    static String bare(String raw) {
        if (raw == null || raw.isBlank()) return UNKNOWN;
        String s = raw.strip().toUpperCase(Locale.ROOT);
        int sp = s.indexOf(' ');
        s = sp < 0 ? s : s.substring(0, sp);
        return s.endsWith("+") ? s.substring(0, s.length() - 1) : s;
    }

    static JobSnapshot unknown(String jobId) {
        return new JobSnapshot(jobId, UNKNOWN, UNKNOWN, null, null, null, null, null, false, null);
    }
}
