package ptj.slurmrunner.watch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One batched look at every tracked job: ONE {@code squeue} for the user's jobs (all states), then at most ONE
 * {@code sacct} for the ids squeue no longer shows as active. Never {@code squeue -j <id>} (it fails for jobs
 * that aged out). A query that fails (transport error or non-zero exit) throws: the caller learns nothing, and
 * in particular never that a job finished. An id neither command knows comes back {@link JobSnapshot#UNKNOWN}.
 */
public final class SlurmPoller {
    /** squeue fields: id, state, reason, node list, time used, expected start. */
    static final String SQUEUE_FORMAT = "%i|%T|%r|%N|%M|%S";
    /** Without -X so the .batch step's MaxRSS comes in the same answer as the allocation line. */
    static final String SACCT_FORMAT = "JobID,State,ExitCode,Elapsed,NodeList,TotalCPU,MaxRSS,ReqMem,AllocCPUS";
    // event mode asks again every 0.7 s: 6 tries gave slurmdbd ~4 s to finish the record, which a loaded dev cluster
    // overran ("요청 ?" in a proof run of Dec 1); so it also waits by time, as the watcher does (Watcher.ACCOUNTING_WAIT)
    static final int MAX_INCOMPLETE = 6;
    /** Per job: how many incomplete answers, and when the first came (clock millis). */
    private final Map<String, long[]> incompleteSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.time.Clock clock;
    private static final Pattern JOB_ID = Pattern.compile("^[0-9]{1,12}(?:_[0-9]+)?$");

    private final RemoteExecutor remote;
    private final String squeueUser;

    /** {@code squeueUser} null → {@code squeue --me}; else {@code squeue -u <user>}. */
    public SlurmPoller(RemoteExecutor remote, String squeueUser) {
        this(remote, squeueUser, java.time.Clock.systemUTC());
    }

    SlurmPoller(RemoteExecutor remote, String squeueUser, java.time.Clock clock) {
        this.clock = clock;
        if (squeueUser != null && !squeueUser.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}")) {
            throw new IllegalArgumentException("invalid user name");
        }
        this.remote = remote;
        this.squeueUser = squeueUser;
    }

    public SlurmPoller(RemoteExecutor remote) {
        this(remote, null);
    }

    public static final class QueryFailed extends IOException {
        public QueryFailed(String message, Throwable cause) { super(message, cause); }
    }

    /** Snapshots for exactly the given ids (in their order). */
    public Map<String, JobSnapshot> poll(Collection<String> jobIds) throws QueryFailed {
        Set<String> ids = new LinkedHashSet<>();
        for (String id : jobIds) {
            if (!JOB_ID.matcher(id).matches()) throw new IllegalArgumentException("invalid job id " + id);
            ids.add(id);
        }
        Map<String, JobSnapshot> out = new LinkedHashMap<>();
        if (ids.isEmpty()) return out;

        Map<String, String[]> queue = squeue();
        List<String> left = new ArrayList<>();
        for (String id : ids) {
            String[] q = queue.get(id);
            if (q != null && !JobSnapshot.isEnded(JobSnapshot.bare(q[1]))) {
                String state = JobSnapshot.bare(q[1]);
                String reason = "None".equals(q[2].strip()) ? null : blankToNull(q[2]);
                out.put(id, new JobSnapshot(id, state, q[1], reason, blankToNull(q[3]),
                        blankToNull(q[4]), null, startEstimate(q[5]), false, null));
            } else {
                left.add(id);
            }
        }
        Map<String, JobSnapshot> accounted = left.isEmpty() ? Map.of() : sacct(left);
        for (String id : left) {
            JobSnapshot acc = accounted.get(id);
            String[] q = queue.get(id);
            if (acc != null && (acc.ended() || q == null)) {
                out.put(id, acc);
            } else if (q != null) {
                // squeue already shows the end but the accounting record lags behind: say so (accounted=false)
                out.put(id, new JobSnapshot(id, JobSnapshot.bare(q[1]), q[1], blankToNull(q[2]), blankToNull(q[3]),
                        blankToNull(q[4]), null, null, false, null));
            } else {
                out.put(id, JobSnapshot.unknown(id));
            }
        }
        // keep the caller's order
        Map<String, JobSnapshot> ordered = new LinkedHashMap<>();
        for (String id : ids) ordered.put(id, out.get(id));
        return ordered;
    }

    /**
     * ONE sacct for the given ids and nothing else (no squeue): what the watcher asks after a job's end marker.
     * Only ids with a complete record come back; a job sacct does not know yet, or whose record is still being
     * written, is missing from the answer and is asked again by the caller.
     */
    public Map<String, JobSnapshot> accounting(Collection<String> jobIds) throws QueryFailed {
        List<String> ids = new ArrayList<>();
        for (String id : jobIds) {
            if (!JOB_ID.matcher(id).matches()) throw new IllegalArgumentException("invalid job id " + id);
            if (!ids.contains(id)) ids.add(id);
        }
        return ids.isEmpty() ? Map.of() : sacct(ids);
    }

    /** The exact squeue command line (for tests and the README). */
    String squeueCommand() {
        String who = squeueUser == null ? "--me" : "-u " + squeueUser;
        return "squeue " + who + " -t all -h -o '" + SQUEUE_FORMAT + "'";
    }

    static String sacctCommand(List<String> ids) {
        return "sacct -P -n -j " + String.join(",", ids) + " --format=" + SACCT_FORMAT;
    }

    private Map<String, String[]> squeue() throws QueryFailed {
        RemoteExecutor.Result r = run(squeueCommand());
        Map<String, String[]> rows = new HashMap<>();
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 6) continue;
            rows.put(f[0].strip(), f);
        }
        return rows;
    }

    private Map<String, JobSnapshot> sacct(List<String> ids) throws QueryFailed {
        RemoteExecutor.Result r = run(sacctCommand(ids));
        Map<String, String[]> alloc = new HashMap<>();
        Map<String, Long> maxRss = new HashMap<>();
        for (String line : r.stdout().lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 9) continue;
            String jobField = f[0].strip();
            int dot = jobField.indexOf('.');
            String id = dot < 0 ? jobField : jobField.substring(0, dot);
            if (dot < 0) alloc.put(id, f);
            OptionalLong rss = SlurmFormats.bytes(f[6], 'K', 1);
            if (rss.isPresent()) maxRss.merge(id, rss.getAsLong(), Math::max);
        }
        Map<String, JobSnapshot> out = new HashMap<>();
        for (Map.Entry<String, String[]> e : alloc.entrySet()) {
            String[] f = e.getValue();
            String state = JobSnapshot.bare(f[1]);
            if (JobSnapshot.isEnded(state) && incompleteRecord(e.getKey(), f)) continue; // UNKNOWN now, asked again
            Efficiency eff = null;
            if ("COMPLETED".equals(state)) eff = efficiency(f, maxRss.get(e.getKey()));
            out.put(e.getKey(), new JobSnapshot(e.getKey(), state, f[1].strip(), null, blankToNull(f[4]),
                    blankToNull(f[3]), blankToNull(f[2]), null, JobSnapshot.isEnded(state), eff));
        }
        return out;
    }

    /**
     * slurmdbd answers for a job that just ended with a half-written record for about a second (ReqMem "16?", empty
     * partition). Such an answer is left out of this poll — at least {@link #MAX_INCOMPLETE} times per job, and while
     * the first was less than {@link Watcher#ACCOUNTING_WAIT} ago, never more than ten times that — so the end notice
     * carries the real request instead of "?"; after that the record is taken as it is.
     */
    private boolean incompleteRecord(String jobId, String[] f) {
        String reqMem = f[7].strip();
        boolean incomplete = reqMem.isEmpty() || reqMem.endsWith("?");
        if (!incomplete) {
            incompleteSeen.remove(jobId);
            return false;
        }
        long now = clock.millis();
        long[] seen = incompleteSeen.computeIfAbsent(jobId, k -> new long[] {0, now});
        seen[0]++;
        boolean wait = seen[0] <= MAX_INCOMPLETE
            || seen[0] <= 10L * MAX_INCOMPLETE && now - seen[1] < Watcher.ACCOUNTING_WAIT.toMillis();
        if (!wait) {
            incompleteSeen.remove(jobId);
            return false;
        }
        return true;
    }

    private static Efficiency efficiency(String[] f, Long maxRss) {
        OptionalDouble cpu = SlurmFormats.seconds(f[5]);
        OptionalDouble elapsed = SlurmFormats.seconds(f[3]);
        int cpus;
        try {
            cpus = Integer.parseInt(f[8].strip());
        } catch (NumberFormatException e) {
            return null;
        }
        if (cpu.isEmpty() || elapsed.isEmpty()) return null;
        long req = SlurmFormats.bytes(f[7], 'M', cpus).orElse(0);
        return new Efficiency(cpu.getAsDouble(), elapsed.getAsDouble(), cpus, maxRss == null ? 0 : maxRss, req);
    }

    private RemoteExecutor.Result run(String command) throws QueryFailed {
        RemoteExecutor.Result r;
        try {
            r = remote.exec(command);
        } catch (IOException e) {
            throw new QueryFailed(command.split(" ")[0] + ": " + e.getMessage(), e);
        }
        if (!r.ok()) {
            throw new QueryFailed(command.split(" ")[0] + " exited " + r.exitStatus() + ": "
                    + firstLine(r.stderr()), null);
        }
        return r;
    }

    private static String startEstimate(String s) {
        if (s == null || s.isBlank() || s.equals("N/A") || s.equals("Unknown")) return null;
        return s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals("(null)") ? null : s.strip();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
