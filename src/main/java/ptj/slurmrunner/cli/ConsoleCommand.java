package ptj.slurmrunner.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.console.ConsoleApp;
import ptj.slurmrunner.console.ConsoleSession;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.report.Messages;

/**
 * {@code slurm-runner console} (DESIGN.md contract 2): the Slack pipeline in a terminal or behind a pipe.
 * Project: SLURM_RUNNER_PROJECT_DIR, else PROJECT_DIR, else the working directory. SLURM_RUNNER_TIMING=1 prints the
 * time from each message to its first reply on stderr. Jobs are followed by asking ("backtest_v5 대기해줘"): the
 * console has no background watcher, so nothing of its own is left running at end of input.
 */
public final class ConsoleCommand {
    private ConsoleCommand() {}

    public static int run(String[] args) {
        Map<String, String> env = System.getenv();
        // Replies are the console's output; library chatter stays out of it unless asked for.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", env.getOrDefault("SLURM_RUNNER_LOG", "warn"));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Path projectDir = projectDir(env);
        Pipeline bot = ConsoleApp.pipeline(projectDir, IntentParsers.fromEnvironment(projectDir, env),
            new LogDiagnoser(), SubmittedJobs.NONE, env);
        boolean tty = System.console() != null;
        if (tty) out.println(Messages.get("core.console.welcome", projectDir));
        ConsoleSession session = new ConsoleSession(bot,
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, !tty, Origin.console());
        try {
            int rc = session.run();
            if ("1".equals(env.get("SLURM_RUNNER_TIMING"))) {
                List<Long> ms = session.firstReplyMillis();
                for (Long m : ms) err.println(Messages.get("core.console.timing", m));
            }
            return rc;
        } catch (IOException e) {
            err.println("console: cannot read stdin: " + e.getMessage());
            return 1;
        }
    }

    static Path projectDir(Map<String, String> env) {
        for (String key : List.of("SLURM_RUNNER_PROJECT_DIR", "PROJECT_DIR")) {
            String v = env.get(key);
            if (v != null && !v.isBlank()) return Path.of(v).toAbsolutePath().normalize();
        }
        return Path.of("").toAbsolutePath().normalize();
    }
}
