package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.config.StateDir;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/**
 * Wires a {@link Watcher} from the same settings the make toolkit uses, so the watcher's ssh goes exactly where
 * the toolkit's does: {@code CLUSTER_CONF} (else {@code config/cluster.dev.conf} if present, else
 * {@code config/cluster.conf}) for {@code SLURM_HOST}, {@code REMOTE_DIR}, {@code SSH_CONFIG}, each overridable by
 * an environment variable of the same name; the state dir from {@code SLURM_RUNNER_STATE_DIR} (default
 * {@code state/}, relative to the project dir like core's audit log); {@code WATCH_MIN_INTERVAL} / {@code WATCH_MAX_INTERVAL} (seconds) for the poll interval;
 * {@code WATCH_SQUEUE_USER} makes the poll use {@code squeue -u USER} instead of {@code --me} (SLURM before 20.11).
 * Event mode (docs/watch-events.md) is on unless {@code WATCH_EVENTS=0}; {@code WATCH_RECONCILE} (seconds, default
 * 300) is how often it still asks squeue/sacct while the marker loop runs.
 */
public final class WatchFactory {
    private WatchFactory() {}

    public record ClusterSettings(String slurmHost, String remoteDir, String sshConfig) {}

    public static ClusterSettings clusterSettings(Path projectDir, Map<String, String> env) throws IOException {
        Path conf;
        if (env.get("CLUSTER_CONF") != null && !env.get("CLUSTER_CONF").isBlank()) {
            conf = Path.of(env.get("CLUSTER_CONF"));
        } else if (Files.exists(projectDir.resolve("config/cluster.dev.conf"))) {
            conf = projectDir.resolve("config/cluster.dev.conf");
        } else {
            conf = projectDir.resolve("config/cluster.conf");
        }
        Map<String, String> kv = new HashMap<>();
        if (Files.exists(conf)) {
            for (String line : Files.readAllLines(conf)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) continue;
                kv.put(l.substring(0, l.indexOf('=')).strip(), l.substring(l.indexOf('=') + 1).strip());
            }
        }
        for (String key : new String[] {"SLURM_HOST", "REMOTE_DIR", "SSH_CONFIG"}) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) kv.put(key, v);
        }
        if (kv.get("SLURM_HOST") == null || kv.get("REMOTE_DIR") == null) {
            throw new IOException("SLURM_HOST and REMOTE_DIR must be set in " + conf);
        }
        return new ClusterSettings(kv.get("SLURM_HOST"), kv.get("REMOTE_DIR"), kv.get("SSH_CONFIG"));
    }

    /** A ready watcher (not started: call {@link Watcher#start()}). No network is touched until the first poll. */
    public static Watcher create(Path projectDir, NoticeSink sink, JobCollector collector, Map<String, String> env)
            throws IOException {
        ClusterSettings c = clusterSettings(projectDir, env);
        SshSettings ssh = SshSettings.resolve(c.slurmHost(), c.sshConfig());
        RemoteExecutor remote = new SshjExecutor(ssh);
        Path stateDir = StateDir.of(projectDir, env);
        Watcher.Options o = Watcher.Options.defaults(c.remoteDir(), projectDir)
                .withIntervals(seconds(env, "WATCH_MIN_INTERVAL", 3), seconds(env, "WATCH_MAX_INTERVAL", 60));
        String user = env.get("WATCH_SQUEUE_USER"); // for SLURM older than 20.11 (no --me)
        Watcher w = new Watcher(new SlurmPoller(remote, user == null || user.isBlank() ? null : user), remote, sink,
                new LogDiagnoser(), collector, stateDir, o, Clock.systemUTC());
        if (!"0".equals(env.get("WATCH_EVENTS"))) w.enableEvents(seconds(env, "WATCH_RECONCILE", 300), Duration.ofSeconds(1));
        return w;
    }

    private static Duration seconds(Map<String, String> env, String key, long def) {
        String v = env.get(key);
        return Duration.ofSeconds(v != null && v.matches("[0-9]{1,5}") ? Math.max(1, Long.parseLong(v)) : def);
    }
}
