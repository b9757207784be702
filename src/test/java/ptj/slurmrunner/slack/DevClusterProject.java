package ptj.slurmrunner.slack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;
import ptj.slurmrunner.testing.DevProject;

/**
 * The Slack ITs' own corner of the shared dev cluster: a temp PROJECT_DIR (a copy of this checkout's profiles and
 * code) and a private REMOTE_DIR under {@code <dev root>/../slack-tests/}, reached over the dev cluster's ssh.
 * {@link #close()} cancels only the jobs the project recorded and removes both directories.
 *
 * @param conf this checkout's config/cluster.dev.conf (the bot gets REMOTE_DIR on top of it)
 */
record DevClusterProject(Path conf, Path proj, String remoteDir, Path sshConfig, String sshHost) implements AutoCloseable {
    static final Path REPO = DevProject.REPO;

    /** {@code prefix} names the temp project; the REMOTE_DIR is {@code slack-tests/<tag><pid>-<nanos>}. */
    static DevClusterProject create(String prefix, String tag) throws IOException, InterruptedException {
        Path conf = DevProject.devConf();
        Map<String, String> kv = DevProject.devConfValues();
        String remoteDir = Path.of(kv.get("REMOTE_DIR")).getParent().resolve("slack-tests")
            .resolve(tag + ProcessHandle.current().pid() + "-" + System.nanoTime()).toString();
        return new DevClusterProject(conf, DevProject.newProject(prefix), remoteDir, Path.of(kv.get("SSH_CONFIG")),
            kv.get("SLURM_HOST"));
    }

    /** The make toolkit of this checkout run in the project, with the private REMOTE_DIR. */
    MakeRunner runner() {
        return new MakeRunner(proj, List.of("make", "-s", "--no-print-directory", "-f", REPO.resolve("Makefile").toString()),
            Map.of("CLUSTER_CONF", conf.toString(), "REMOTE_DIR", remoteDir), Timeouts.DEFAULT, Duration.ofSeconds(3));
    }

    /** One command on the cluster's login node; its output (stdout and stderr). */
    String ssh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh", "-F", sshConfig.toString(), sshHost, command).redirectErrorStream(true)
            .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        List<String> ours = DevProject.recordedJobIds(proj);
        if (!ours.isEmpty()) ssh("scancel " + String.join(" ", ours)); // only this project's jobs (a no-op when done)
        if (remoteDir.contains("/slack-tests/")) ssh("rm -rf -- '" + remoteDir + "'");
        DevProject.deleteTree(proj);
    }
}
