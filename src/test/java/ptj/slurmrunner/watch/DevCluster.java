package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The shared dev cluster as the ITs use it: its own ssh connection (not the watcher's, so command counts stay
 * clean), a private REMOTE_DIR under the dev root, and only the jobs the test itself submitted.
 */
final class DevCluster implements AutoCloseable {
    static final String SSH_CONFIG = System.getenv().getOrDefault("SSH_CONFIG",
            "/var/lib/slurm-runner-dev/ssh/ssh_config");
    static final String ALIAS = System.getenv().getOrDefault("SLURM_HOST", "slurm-dev");
    static final String DEV_ROOT = System.getenv().getOrDefault("WATCH_IT_ROOT", "/var/lib/slurm-runner-dev/mnt/giga/scratch");

    final SshjExecutor ssh;
    final String remoteDir;
    final List<String> submitted = new ArrayList<>();

    DevCluster() throws IOException {
        if (!Files.exists(Path.of(SSH_CONFIG))) {
            throw new IOException("dev cluster not up: " + SSH_CONFIG + " missing (run scripts/dev-cluster.sh up)");
        }
        ssh = new SshjExecutor(settings());
        remoteDir = DEV_ROOT + "/watch-it-" + UUID.randomUUID().toString().substring(0, 8);
        check(ssh.exec("mkdir -p " + remoteDir + "/slurm/logs"));
    }

    static SshSettings settings() throws IOException {
        return SshSettings.resolve(ALIAS, SSH_CONFIG);
    }

    /** sbatch a bash script body; returns the job id. {@code opts} e.g. "--mem=100M --time=00:05:00". */
    String sbatch(String name, String opts, String body) throws IOException {
        String script = remoteDir + "/" + name + ".sh";
        String cmd = "cat > " + script + " <<'WATCH_IT_EOF'\n#!/bin/bash\n" + body + "\nWATCH_IT_EOF\n"
                + "cd " + remoteDir + " && sbatch --parsable -A default -p all -J watchit-" + name
                + " -o " + remoteDir + "/slurm/logs/%j.out -e " + remoteDir + "/slurm/logs/%j.err -c 1 "
                + opts + " " + script;
        RemoteExecutor.Result r = check(ssh.exec(cmd));
        String id = r.stdout().strip().split(";")[0];
        if (!id.matches("[0-9]+")) throw new IOException("sbatch answered " + r.stdout() + r.stderr());
        submitted.add(id);
        return id;
    }

    /** Submits {@code n} copies in ONE ssh command; returns their ids. */
    List<String> sbatchMany(String name, int n, String opts, String body) throws IOException {
        String script = remoteDir + "/" + name + ".sh";
        String cmd = "cat > " + script + " <<'WATCH_IT_EOF'\n#!/bin/bash\n" + body + "\nWATCH_IT_EOF\n"
                + "cd " + remoteDir + " && for i in $(seq " + n + "); do sbatch --parsable -A default -p all -J watchit-"
                + name + " -o " + remoteDir + "/slurm/logs/%j.out -e " + remoteDir + "/slurm/logs/%j.err -c 1 "
                + opts + " " + script + " || exit 1; done";
        RemoteExecutor.Result r = check(ssh.exec(cmd));
        List<String> ids = r.stdout().lines().map(l -> l.strip().split(";")[0]).filter(l -> l.matches("[0-9]+")).toList();
        if (ids.size() != n) throw new IOException("expected " + n + " ids, got " + r.stdout());
        submitted.addAll(ids);
        return ids;
    }

    void scancel(String id) throws IOException {
        if (!submitted.contains(id)) throw new IllegalArgumentException("only our own jobs");
        check(ssh.exec("scancel " + id));
    }

    String state(String id) throws IOException {
        return check(ssh.exec("sacct -X -P -n -j " + id + " --format=State")).stdout().strip();
    }

    /** The job's End time from sacct, as epoch millis (the cluster runs on this machine: same time zone). */
    long endMillis(String id) throws IOException {
        String end = check(ssh.exec("sacct -X -P -n -j " + id + " --format=End")).stdout().strip();
        return LocalDateTime.parse(end).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    private static RemoteExecutor.Result check(RemoteExecutor.Result r) throws IOException {
        if (!r.ok()) throw new IOException("remote command failed: " + r.stderr());
        return r;
    }

    @Override
    public void close() throws IOException {
        // our own jobs only, and only if still alive; then our own dir
        if (!submitted.isEmpty()) ssh.exec("scancel " + String.join(" ", submitted) + " 2>/dev/null; true");
        if (remoteDir.startsWith(DEV_ROOT + "/watch-it-")) ssh.exec("rm -rf -- '" + remoteDir + "'");
        ssh.close();
    }
}
