package ptj.slurmrunner.watch;

import java.io.IOException;

/**
 * The last lines of a finished job's {@code REMOTE_DIR/slurm/logs/JOBID.err} and {@code .out}, read in ONE command
 * over the watcher's connection; when sacct says "CANCELLED by <uid>" the same command also turns the uid into
 * a user name. {@code error} is set (and the texts empty) when the command could not run.
 */
record LogTail(String err, String out, String canceller, String error) {
    static final String MARK = "@@slurm-runner-watch@@";

    static String command(String remoteDir, String jobId, int lines, String uid) {
        String base = remoteDir.replaceAll("/+$", "") + "/slurm/logs/" + jobId;
        StringBuilder c = new StringBuilder();
        c.append("tail -n ").append(lines).append(" -- ").append(quote(base + ".err")).append(" 2>/dev/null; ");
        c.append("echo ").append(MARK).append("; ");
        c.append("tail -n ").append(lines).append(" -- ").append(quote(base + ".out")).append(" 2>/dev/null; ");
        c.append("echo ").append(MARK);
        if (uid != null && uid.matches("[0-9]{1,10}")) {
            c.append("; getent passwd ").append(uid).append(" | cut -d: -f1");
        }
        c.append("; true");
        return c.toString();
    }

    static LogTail fetch(RemoteExecutor remote, String remoteDir, String jobId, int lines, String uid) {
        if (remoteDir == null || !jobId.matches("[0-9]{1,12}(_[0-9]+)?")) {
            return new LogTail("", "", null, "REMOTE_DIR unknown");
        }
        try {
            RemoteExecutor.Result r = remote.exec(command(remoteDir, jobId, lines, uid));
            String[] parts = r.stdout().split(MARK + "\\r?\\n?", -1);
            String err = parts.length > 0 ? parts[0] : "";
            String out = parts.length > 1 ? parts[1] : "";
            String who = null;
            if (uid != null && parts.length > 2) {
                String name = parts[2].strip();
                who = name.isEmpty() ? "uid " + uid : name + " (uid " + uid + ")";
            }
            return new LogTail(err, out, who, null);
        } catch (IOException e) {
            return new LogTail("", "", uid == null ? null : "uid " + uid, e.getMessage());
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
