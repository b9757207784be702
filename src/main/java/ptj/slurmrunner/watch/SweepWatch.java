package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.Diagnoser;
import ptj.slurmrunner.diagnose.Diagnosis;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.sweep.SweepFiles;

/**
 * A sweep (array job, {@code make slurm-sweep}) watched as one thing. The watcher tracks the array id (812); this
 * class turns its tasks (812_0 … 812_19) into ONE {@link JobSnapshot} per poll — active while any task is, COMPLETED
 * when all are, else the first failure state — and writes the ONE notice at the end: task counts, efficiency over
 * all tasks, the failed tasks with their diagnosis. Bounded whatever the task count: one extra command per poll for
 * all sweeps together, at most {@link #MAX_DIAGNOSED} log reads and {@link #MAX_LISTED} task ids in the notice.
 * A job id is a sweep when the bot submitted it as one or when a {@code slurm/jobs/PROFILE.sweep} names it.
 */
public final class SweepWatch {
    static final int MAX_DIAGNOSED = 3;
    static final int MAX_LISTED = 20;
    static final String MARK = "@@slurm-runner-sweep@@";
    static final String SACCT_FORMAT = "JobID,State,ExitCode,Elapsed,NodeList,TotalCPU,MaxRSS,ReqMem,AllocCPUS";
    private static final List<String> FAILURE_ORDER = List.of("FAILED", "OUT_OF_MEMORY", "TIMEOUT", "NODE_FAIL",
        "BOOT_FAIL", "PREEMPTED", "DEADLINE", "CANCELLED");

    private final RemoteExecutor remote;
    private final Path jobsDir;
    private final String remoteDir;
    private final int logLines;
    private final Map<String, Integer> known = new ConcurrentHashMap<>();
    private final Map<String, Tasks> last = new ConcurrentHashMap<>();

    /** One task's last known state. */
    record Task(String id, String state, String rawState, String exitCode, String elapsed, String nodes,
                double cpuSeconds, double elapsedSeconds, int cpus, long maxRss, long reqMem, boolean accounted) {}

    /** The tasks of one sweep at the last poll, by index, and the number expected. */
    record Tasks(String arrayId, int expected, TreeMap<Integer, Task> byIndex) {
        int total() {
            return Math.max(expected, byIndex.size());
        }

        long count(String... states) {
            Set<String> s = Set.of(states);
            return byIndex.values().stream().filter(t -> s.contains(t.state())).count();
        }

        long running() {
            return byIndex.values().stream().filter(t -> !JobSnapshot.isEnded(t.state()) && !"PENDING".equals(t.state())).count();
        }

        long pending() {
            return count("PENDING") + Math.max(0, expected - byIndex.size());
        }

        List<Task> failed() {
            return byIndex.values().stream().filter(t -> JobSnapshot.isEnded(t.state()) && !"COMPLETED".equals(t.state())).toList();
        }

        String counts() {
            return Messages.get("sweep.counts", pending(), running(), count("COMPLETED"), failed().size());
        }
    }

    public SweepWatch(RemoteExecutor remote, Path projectDir, String remoteDir, int logLines) {
        this.remote = remote;
        this.jobsDir = projectDir == null ? null : projectDir.resolve("slurm/jobs");
        this.remoteDir = remoteDir;
        this.logLines = logLines;
    }

    /** The bot submitted {@code arrayId} as a sweep of {@code tasks} tasks. */
    public void track(String arrayId, int tasks) {
        known.put(arrayId, tasks);
    }

    /** True for an array id the bot submitted or that a slurm/jobs/*.sweep file names. */
    public boolean isSweep(String jobId) {
        if (jobId == null || !jobId.matches("[0-9]{1,12}")) return false;
        if (known.containsKey(jobId)) return true;
        Integer n = fromSweepFiles(jobId);
        if (n != null) known.put(jobId, n);
        return n != null;
    }

    /** "⏳ 3 · 🏃 10 · ✅ 6 · ❌ 1" of the last poll, or null when {@code jobId} is not a polled sweep. */
    public String counts(String jobId) {
        Tasks t = last.get(jobId);
        return t == null ? null : t.counts();
    }

    /**
     * The watcher's one poll: plain job ids through the batched poller as before, sweeps through one more command
     * (squeue -r + sacct for all of them). A failed query throws, as the poller does: nothing is read as finished.
     */
    public Map<String, JobSnapshot> poll(SlurmPoller poller, Collection<String> ids) throws SlurmPoller.QueryFailed {
        List<String> plain = new ArrayList<>();
        List<String> sweeps = new ArrayList<>();
        readSweepFiles(); // one directory listing per poll, whatever the number of jobs
        for (String id : ids) (known.containsKey(id) ? sweeps : plain).add(id);
        Map<String, JobSnapshot> out = new LinkedHashMap<>(plain.isEmpty() ? Map.of() : poller.poll(plain));
        if (!sweeps.isEmpty()) out.putAll(pollSweeps(sweeps));
        Map<String, JobSnapshot> ordered = new LinkedHashMap<>();
        for (String id : ids) if (out.containsKey(id)) ordered.put(id, out.get(id));
        return ordered;
    }

    static String command(List<String> arrayIds) {
        return "squeue --me -t all -r -h -o '%i|%T|%r|%N|%M' && echo " + MARK + " && sacct -P -n -j "
            + String.join(",", arrayIds) + " --format=" + SACCT_FORMAT;
    }

    Map<String, JobSnapshot> pollSweeps(List<String> arrayIds) throws SlurmPoller.QueryFailed {
        RemoteExecutor.Result r;
        String cmd = command(arrayIds);
        try {
            r = remote.exec(cmd);
        } catch (IOException e) {
            throw new SlurmPoller.QueryFailed("squeue/sacct (sweep): " + e.getMessage(), e);
        }
        if (!r.ok() || !r.stdout().contains(MARK)) {
            throw new SlurmPoller.QueryFailed("squeue/sacct (sweep) exited " + r.exitStatus(), null);
        }
        Map<String, JobSnapshot> out = new LinkedHashMap<>();
        for (String id : arrayIds) {
            Tasks t = parse(id, known.getOrDefault(id, 0), r.stdout());
            last.put(id, t);
            out.put(id, aggregate(t));
        }
        return out;
    }

    /** Tasks of {@code arrayId} from one answer: squeue for tasks it shows active, sacct for the rest. */
    static Tasks parse(String arrayId, int expected, String answer) {
        int split = answer.indexOf(MARK);
        String queue = answer.substring(0, split);
        String acct = answer.substring(split + MARK.length());
        TreeMap<Integer, Task> tasks = new TreeMap<>();
        Map<Integer, Long> rss = new TreeMap<>();
        Map<Integer, String[]> alloc = new TreeMap<>();
        boolean remainderQueued = false; // sacct's one line for the tasks still pending together, "812_[3-5%2]"
        for (String line : acct.lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 9) continue;
            String job = f[0].strip();
            int dot = job.indexOf('.');
            Integer idx = index(arrayId, dot < 0 ? job : job.substring(0, dot));
            if (idx == null) {
                if (dot < 0 && job.startsWith(arrayId + "_[") && !JobSnapshot.isEnded(JobSnapshot.bare(f[1]))) {
                    remainderQueued = true;
                }
                continue;
            }
            if (dot < 0) alloc.put(idx, f);
            SlurmFormats.bytes(f[6], 'K', 1).ifPresent(b -> rss.merge(idx, b, Math::max));
        }
        for (Map.Entry<Integer, String[]> e : alloc.entrySet()) {
            String[] f = e.getValue();
            String state = JobSnapshot.bare(f[1]);
            int cpus = parseInt(f[8]);
            tasks.put(e.getKey(), new Task(arrayId + "_" + e.getKey(), state, f[1].strip(), blank(f[2]), blank(f[3]),
                blank(f[4]), SlurmFormats.seconds(f[5]).orElse(0), SlurmFormats.seconds(f[3]).orElse(0), cpus,
                rss.getOrDefault(e.getKey(), 0L), SlurmFormats.bytes(f[7], 'M', Math.max(1, cpus)).orElse(0),
                complete(f)));
        }
        for (String line : queue.lines().toList()) {
            String[] f = line.split("\\|", -1);
            if (f.length < 5) continue;
            Integer idx = index(arrayId, f[0].strip());
            if (idx == null) continue;
            String state = JobSnapshot.bare(f[1]);
            Task acc = tasks.get(idx);
            // squeue is ahead while a task runs; once it ended, the accounting record (exit code, usage) is better
            if (acc == null || !JobSnapshot.isEnded(state)) {
                tasks.put(idx, new Task(arrayId + "_" + idx, state, f[1].strip(), null, blank(f[4]), blank(f[3]),
                    0, 0, 0, 0, 0, !JobSnapshot.isEnded(state)));
            }
        }
        boolean active = remainderQueued || tasks.values().stream().anyMatch(t -> !JobSnapshot.isEnded(t.state()));
        if (!tasks.isEmpty() && !active) {
            // nothing of the array is queued or running any more, yet a task has no line: cancelled while still
            // pending inside the array's one record, slurmctld only cleared its bit and slurmdbd never got a line.
            // Not pending — it would hold the sweep open for ever. Not accounted, so the watcher still gives
            // slurmdbd its accounting wait for a line that may yet come.
            for (int i = 0; i < expected; i++) {
                if (!tasks.containsKey(i)) {
                    tasks.put(i, new Task(arrayId + "_" + i, "CANCELLED", "CANCELLED", null, null, null, 0, 0, 0, 0, 0,
                        false));
                }
            }
        }
        return new Tasks(arrayId, expected, tasks);
    }

    /**
     * slurmdbd's record of a task that just ended is half written for a moment (ReqMem "16?" or empty, no CPUs, no
     * exit code): not yet accounted, so the watcher waits for it rather than posting "exit -" without efficiency.
     */
    static boolean complete(String[] f) {
        String reqMem = f[7].strip();
        boolean ran = SlurmFormats.seconds(f[3]).orElse(0) > 0; // a task cancelled while pending has no CPUs, rightly
        return !reqMem.isEmpty() && !reqMem.endsWith("?") && (parseInt(f[8]) > 0 || !ran) && !f[2].isBlank();
    }

    private static Integer index(String arrayId, String job) {
        if (!job.startsWith(arrayId + "_")) return null;
        String rest = job.substring(arrayId.length() + 1);
        return rest.matches("[0-9]{1,6}") ? Integer.valueOf(rest) : null; // 812_[3-5%2] is squeue's to list
    }

    /** The sweep as one job: state, and for an end the efficiency over all tasks. */
    static JobSnapshot aggregate(Tasks t) {
        if (t.byIndex().isEmpty()) return JobSnapshot.unknown(t.arrayId());
        String state;
        if (t.running() > 0) state = "RUNNING";
        else if (t.pending() > 0) state = "PENDING";
        else if (t.failed().isEmpty()) state = "COMPLETED";
        else state = FAILURE_ORDER.stream().filter(s -> t.failed().stream().anyMatch(f -> f.state().equals(s)))
            .findFirst().orElse(t.failed().get(0).state());
        boolean ended = JobSnapshot.isEnded(state);
        boolean accounted = ended && t.byIndex().values().stream().allMatch(Task::accounted);
        String elapsed = t.byIndex().values().stream().map(Task::elapsed).filter(e -> e != null)
            .max((a, b) -> Double.compare(SlurmFormats.seconds(a).orElse(0), SlurmFormats.seconds(b).orElse(0))).orElse(null);
        String nodes = t.byIndex().values().stream().map(Task::nodes).filter(n -> n != null).distinct()
            .reduce((a, b) -> a + "," + b).orElse(null);
        String exit = t.failed().isEmpty() ? "0:0" : t.failed().get(0).exitCode();
        return new JobSnapshot(t.arrayId(), state, state, null, nodes, elapsed, exit, null, accounted,
            ended ? efficiency(t) : null);
    }

    /** Efficiency over all tasks: CPU time against their summed wall time × CPUs, the largest peak memory. */
    static Efficiency efficiency(Tasks t) {
        double cpu = 0;
        double wall = 0;
        int cpus = 0;
        long rss = 0;
        long req = 0;
        for (Task k : t.byIndex().values()) {
            if (!k.accounted() || k.cpus() <= 0) continue;
            cpu += k.cpuSeconds();
            wall += k.elapsedSeconds();
            cpus = k.cpus();
            rss = Math.max(rss, k.maxRss());
            req = Math.max(req, k.reqMem());
        }
        return cpus == 0 ? null : new Efficiency(cpu, wall, cpus, rss, req);
    }

    /** The one notice at the end of a sweep (whatever the task count: bounded lines and log reads). */
    public Reply endNotice(String profile, String arrayId, JobSnapshot s, Diagnoser diagnoser,
                           List<Reply.Choice> choices) {
        Tasks t = last.getOrDefault(arrayId, new Tasks(arrayId, 0, new TreeMap<>()));
        List<Task> failed = t.failed();
        StringBuilder text = new StringBuilder(Messages.get(failed.isEmpty() ? "sweep.notice.completed" : "sweep.notice.failed",
            profile, arrayId, t.total(), t.counts(), s.elapsed() == null ? "-" : s.elapsed()));
        if (s.efficiency() != null) {
            text.append('\n').append(Messages.get("sweep.notice.efficiency_all"));
            for (String l : s.efficiency().lines()) text.append("\n  ").append(l);
        }
        int diagnosed = 0;
        for (Task f : failed) {
            if (diagnosed >= MAX_DIAGNOSED) break;
            diagnosed++;
            LogTail tail = LogTail.fetch(remote, remoteDir, f.id(), logLines, null);
            Diagnosis d = diagnoser.diagnose(f.rawState(), f.exitCode(), tail.err() + "\n" + tail.out());
            text.append('\n').append(Messages.get("sweep.notice.failed_task", f.id(), f.state(),
                f.exitCode() == null ? "-" : f.exitCode(), d.summary(), d.hint()));
            if (!d.evidence().isEmpty()) {
                String e = d.evidence().get(d.evidence().size() - 1);
                text.append("\n      ").append(e.length() > 200 ? e.substring(0, 200) + "…" : e);
            }
        }
        if (failed.size() > diagnosed) {
            List<String> rest = failed.stream().skip(diagnosed).limit(MAX_LISTED).map(Task::id).toList();
            text.append('\n').append(Messages.get("sweep.notice.more_failed", failed.size() - diagnosed,
                String.join(", ", rest) + (failed.size() - diagnosed > MAX_LISTED ? ", …" : "")));
        }
        text.append('\n').append(Messages.get("sweep.notice.next", profile, arrayId));
        String all = text.toString();
        // the card edits the sweep's card (state, counts) and shows the whole notice as its body
        Card card = Card.jobNotice(arrayId, profile, s.state(), failed.isEmpty() ? null
                : Messages.get("sweep.card.failed_tasks", failed.size()),
            Card.field("tasks", t.counts()), Card.field("elapsed", s.elapsed()))
            .withBody(all);
        return new Reply(failed.isEmpty() ? Reply.Tone.SUCCESS : Reply.Tone.WARNING, all, choices, null, true)
            .withCard(card);
    }

    private Integer fromSweepFiles(String jobId) {
        readSweepFiles();
        return known.get(jobId);
    }

    /** Every slurm/jobs/*.sweep names an array id and its tasks (first line, then one line per task). */
    private void readSweepFiles() {
        SweepFiles.taskCounts(jobsDir).forEach(known::putIfAbsent);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() || s.equals("(null)") ? null : s.strip();
    }
}
