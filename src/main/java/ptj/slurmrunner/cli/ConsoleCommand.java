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
import ptj.slurmrunner.console.ConsoleWatch;
import ptj.slurmrunner.console.ConsoleSession;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.run.MakeRunner;

/**
 * {@code slurm-runner console} (DESIGN.md contract 2): the Slack pipeline in a terminal or behind a pipe.
 * Project: SLURM_RUNNER_PROJECT_DIR, else PROJECT_DIR, else the working directory. SLURM_RUNNER_TIMING=1 prints the
 * time from each message to its first reply on stderr. Submitted jobs are followed by the watcher (ConsoleWatch):
 * its notices are printed as they happen; SLURM_RUNNER_WATCH=0 turns it off.
 */
public final class ConsoleCommand {
    private ConsoleCommand() {}

    public static int run(String[] args) {
        Map<String, String> env = System.getenv();
        // Replies are the console's output; library chatter stays out of it unless asked for.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", env.getOrDefault("SLURM_RUNNER_LOG", "warn"));
        if (env.get("SLURM_RUNNER_LOG") == null) { // a failing poll every few seconds: the 🔔 연결 끊김 notice says it once
            System.setProperty("org.slf4j.simpleLogger.log.ptj.slurmrunner.watch", "error");
            System.setProperty("org.slf4j.simpleLogger.log.net.schmizz", "error");
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Path projectDir = projectDir(env);
        return run(env, ConsoleApp.runner(projectDir),
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out, err,
            System.console() != null);
    }

    /**
     * The console around a given make runner (tests: the repo's toolkit on a temp project). Starts the watcher
     * (notices printed "🔔 …"; a warning and no notices when it cannot start), talks until end of input, then waits
     * up to SLURM_RUNNER_CONSOLE_WAIT seconds (default 0) for this session's jobs before closing the watcher.
     */
    public static int run(Map<String, String> env, MakeRunner runner, BufferedReader in, PrintStream out,
                          PrintStream err, boolean tty) {
        Path projectDir = runner.projectDir();
        ConsoleWatch watch = "0".equals(env.get("SLURM_RUNNER_WATCH")) ? null
            : ConsoleWatch.start(projectDir, runner, env, out, err);
        Pipeline bot = ConsoleApp.pipeline(runner, IntentParsers.fromEnvironment(projectDir, env), new LogDiagnoser(),
            watch == null ? SubmittedJobs.NONE : watch, env);
        if (tty) out.println(Messages.get("core.console.welcome", projectDir));
        ConsoleSession session = new ConsoleSession(bot, in, out, !tty, Origin.console());
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
        } finally {
            if (watch != null) watch.finish(ConsoleWatch.waitSeconds(env));
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
