package ptj.slurmrunner.config;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the bot keeps its state (audit log, Slack dedupe, watcher jobs): {@code SLURM_RUNNER_STATE_DIR}, relative
 * paths against the project dir, default {@code <project>/state}. One rule for the console, Slack and the watcher.
 */
public final class StateDir {
    private StateDir() {}

    public static Path of(Path projectDir, Map<String, String> env) {
        String dir = env.getOrDefault("SLURM_RUNNER_STATE_DIR", "");
        return projectDir.resolve(dir.isBlank() ? "state" : dir);
    }
}
