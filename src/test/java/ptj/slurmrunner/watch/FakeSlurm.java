package ptj.slurmrunner.watch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written stand-in for the login node: answers the watcher's squeue, sacct and tail commands from a table
 * of jobs, records every command, and can be told to fail the next N commands (as a lost connection would).
 */
class FakeSlurm implements RemoteExecutor {
    static final class Job {
        String state = "PENDING";
        String reason = "Priority";
        String node = "";
        String elapsed = "0:00";
        String exit = "0:0";
        boolean inQueue = true;
        boolean inAccounting = true;
        String sacctLine;
        String batchLine;
        String err = "";
        String out = "";

        /** The job leaves the queue in {@code state}; sacct then has it with its exit code as it was. */
        void ends(String state) {
            this.state = state;
            this.inQueue = false;
        }

        /** The job leaves the queue in {@code state} with {@code exit} (sacct's ExitCode, e.g. "1:0"). */
        void ends(String state, String exit) {
            this.exit = exit;
            ends(state);
        }
    }

    final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Marker files as the loop would read them: key → "start 1700000000 node1|end 0 1700000042". */
    final Map<String, String> markers = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> loopCommands = Collections.synchronizedList(new ArrayList<>());
    /** false: the loop starts but never answers (an old shell); the stream stays silent. */
    volatile boolean loopAnswers = true;
    volatile boolean loopRefused;
    volatile long nodeEpoch = 1_700_000_000L;
    volatile FakeLoop loop;

    /** What the remote sh loop does, in process: reports every marker once at start, then only changes. */
    final class FakeLoop implements RemoteExecutor.Stream {
        final RemoteExecutor.Lines lines;
        final Map<String, String> reported = new LinkedHashMap<>();
        volatile boolean alive = true;

        FakeLoop(RemoteExecutor.Lines lines) {
            this.lines = lines;
        }

        synchronized void round() {
            if (!alive) return;
            synchronized (markers) {
                markers.forEach((k, c) -> {
                    if (!c.equals(reported.get(k))) {
                        reported.put(k, c);
                        lines.line("m " + k + "|" + c);
                    }
                });
            }
            lines.line("h " + nodeEpoch);
        }

        /** The connection dropped under the loop. */
        void drop(String why) {
            alive = false;
            lines.ended(why);
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public void close() {
            alive = false;
        }
    }

    @Override
    public Stream stream(String command, Lines lines) throws IOException {
        loopCommands.add(command);
        if (loopRefused || failNext > 0) throw new IOException("connection reset (fake)");
        FakeLoop l = new FakeLoop(lines);
        loop = l;
        if (loopAnswers) {
            lines.line("ready " + nodeEpoch);
            l.round();
        }
        return l;
    }

    /** Writes (or extends) a marker and lets the running loop see it, as its next round would. */
    void marker(String key, String content) {
        markers.put(key, content);
        FakeLoop l = loop;
        if (l != null && loopAnswers) l.round();
    }
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    volatile int failNext;
    volatile boolean failSqueueWithExit;

    Job add(String id) {
        Job j = new Job();
        jobs.put(id, j);
        return j;
    }

    @Override
    public Result exec(String command) throws IOException {
        commands.add(command);
        if (failNext > 0) {
            failNext--;
            throw new IOException("connection reset (fake)");
        }
        if (command.startsWith("squeue")) {
            if (failSqueueWithExit) return new Result(1, "", "slurm_load_jobs error: Unable to contact slurm controller");
            StringBuilder sb = new StringBuilder();
            synchronized (jobs) {
                jobs.forEach((id, j) -> {
                    if (j.inQueue) {
                        sb.append(id).append('|').append(j.state).append('|')
                                .append("PENDING".equals(j.state) ? j.reason : "None").append('|')
                                .append(j.node).append('|').append(j.elapsed).append("|N/A\n");
                    }
                });
                sb.append("999999|RUNNING|None|other-node|5:00|N/A\n"); // someone else's job
            }
            return new Result(0, sb.toString(), "");
        }
        if (command.startsWith("sacct")) {
            String ids = command.split(" -j ")[1].split(" ")[0];
            StringBuilder sb = new StringBuilder();
            for (String id : ids.split(",")) {
                Job j = jobs.get(id);
                if (j == null || !j.inAccounting) continue;
                sb.append(j.sacctLine != null ? j.sacctLine
                        : id + "|" + j.state + "|" + j.exit + "|00:00:10|" + j.node + "|00:05.000||1000M|2").append('\n');
                if (j.batchLine != null) sb.append(j.batchLine).append('\n');
            }
            return new Result(0, sb.toString(), "");
        }
        if (command.startsWith("tail")) {
            String id = command.replaceAll("(?s).*/slurm/logs/([0-9]+)\\.err.*", "$1");
            Job j = jobs.get(id);
            String user = command.contains("getent passwd") ? "taehyun\n" : "";
            return new Result(0, (j == null ? "" : j.err) + LogTail.MARK + "\n" + (j == null ? "" : j.out)
                    + LogTail.MARK + "\n" + user, "");
        }
        return new Result(127, "", "unknown command");
    }

    long count(String prefix) {
        synchronized (commands) {
            return commands.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    @Override
    public String describe() {
        return "fake@login:22";
    }
}
