package ptj.slurmrunner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.config.StateDir;
import ptj.slurmrunner.console.ConsoleApp;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.ops.GracefulStop;
import ptj.slurmrunner.ops.Health;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.slack.AccessGuard;
import ptj.slurmrunner.slack.SlackFrontEnd;
import ptj.slurmrunner.slack.SlackSettings;
import ptj.slurmrunner.watch.MakeCollector;
import ptj.slurmrunner.watch.WatchFactory;
import ptj.slurmrunner.watch.Watcher;

/**
 * {@code slurm-runner slack}: the same pipeline as the console, behind Slack (Socket Mode when SLACK_APP_TOKEN is
 * set, else HTTP on SLACK_PORT). The watcher posts its notices into each job's thread. Pending confirmations are kept
 * in the state dir, so a card asked before a restart can still be answered after it.
 * <p>Runs until SIGTERM (systemd, launchd, {@code kill PID}) or SIGINT: then it stops taking events, lets the make
 * calls in hand finish (up to SLURM_RUNNER_STOP_TIMEOUT seconds, default 60), closes the watcher (which writes its
 * jobs file), writes the pending plans once more and exits 0.
 */
public final class SlackCommand {
    private static final Logger log = LoggerFactory.getLogger(SlackCommand.class);

    private SlackCommand() {}

    public static int run(String[] args) {
        Map<String, String> env = System.getenv();
        Path projectDir = ConsoleCommand.projectDir(env);
        Path stateDir = StateDir.of(projectDir, env);
        SlackSettings settings;
        try {
            settings = SlackSettings.fromEnv(env).withStateDir(stateDir);
            settings.requireComplete();
        } catch (IllegalArgumentException e) { // a number that is not one (SLACK_PORT=abc …)
            System.err.println("slack: bad setting: " + e.getMessage() + " (see config/slack.env.example)");
            return 2;
        } catch (IllegalStateException e) {
            System.err.println("slack: " + e.getMessage() + " (see config/slack.env.example)");
            return 2;
        }
        log.info("starting {} for project {}", settings, projectDir);
        AuditLog audit = new AuditLog(stateDir.resolve("audit.jsonl"));
        AtomicReference<Watcher> watcher = new AtomicReference<>();
        PlanStore plans = ConsoleApp.persistentPlans(projectDir, env);
        SlackFrontEnd front;
        int healthPort;
        try {
            healthPort = port(env.get("SLURM_RUNNER_HEALTH_PORT"));
        } catch (IllegalArgumentException e) {
            System.err.println("slack: bad setting: SLURM_RUNNER_HEALTH_PORT=" + e.getMessage());
            return 2;
        }
        try {
            front = new SlackFrontEnd(settings, notices -> pipeline(projectDir, env, notices, watcher, plans),
                refusals(audit));
            SlackFrontEnd f = front;
            Health health = new Health(f::slackState, watcher::get, plans::size, Health.staleAfter(env),
                Clock.systemUTC());
            front.start(health, env.getOrDefault("SLURM_RUNNER_HEALTH_BIND", "127.0.0.1"), healthPort);
        } catch (Exception e) {
            System.err.println("slack: cannot start: " + e.getMessage());
            return 1;
        }
        Duration drain = Duration.ofSeconds(seconds(env.get("SLURM_RUNNER_STOP_TIMEOUT"), 60));
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        GracefulStop.onTermination(stopRequested::countDown);
        Thread hook = new Thread(() -> { // a plain exit (System.exit elsewhere, SIGHUP): the same steps
            stopRequested.countDown();
            try {
                stopped.await(drain.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shutdown(front, watcher.get(), plans, drain);
        stopped.countDown();
        return 0;
    }

    /** Stop taking events, let the work in hand finish (bounded), close the watcher, write the plans. */
    static void shutdown(SlackFrontEnd front, Watcher watcher, PlanStore plans, Duration drain) {
        log.info("stopping: no new events; waiting up to {} s for running requests", drain.toSeconds());
        try {
            front.stopIntake();
        } catch (Exception e) {
            log.warn("stopping: closing the Slack connection failed: {}", e.toString());
        }
        boolean idle = front.awaitIdle(drain);
        if (!idle) log.warn("stopping: requests still running after {} s; exiting anyway", drain.toSeconds());
        if (watcher != null) watcher.close();
        plans.flush();
        try {
            front.close();
        } catch (Exception e) {
            log.warn("stopping: {}", e.toString());
        }
        log.info("stopped ({} pending confirmation(s) kept)", plans.size());
    }

    static int port(String v) {
        if (v == null || v.isBlank()) return -1;
        if (!v.strip().matches("[0-9]{1,5}") || Integer.parseInt(v.strip()) > 65535) {
            throw new IllegalArgumentException(v);
        }
        return Integer.parseInt(v.strip());
    }

    private static long seconds(String v, long def) {
        return v != null && v.strip().matches("[0-9]{1,5}") ? Long.parseLong(v.strip()) : def;
    }

    static Bot pipeline(Path projectDir, Map<String, String> env, NoticeSink notices, AtomicReference<Watcher> out) {
        return pipeline(projectDir, env, notices, out, ConsoleApp.persistentPlans(projectDir, env));
    }

    static Bot pipeline(Path projectDir, Map<String, String> env, NoticeSink notices, AtomicReference<Watcher> out,
                        PlanStore plans) {
        MakeRunner runner = ConsoleApp.runner(projectDir);
        SubmittedJobs jobs = SubmittedJobs.NONE;
        try {
            // MakeCollector: make slurm-collect through the same runner (per-profile lock), exit code checked
            Watcher w = WatchFactory.create(projectDir, notices, new MakeCollector(runner), env);
            w.start();
            out.set(w);
            jobs = w;
        } catch (IOException | RuntimeException e) {
            log.warn("watcher off (jobs are not followed, 풀런 waits for its job): {}", e.getMessage());
        }
        // With a watcher, 풀런 submits and the watcher collects after COMPLETED and posts [결과 수집 완료].
        return ConsoleApp.pipeline(runner, IntentParsers.fromEnvironment(projectDir, env), new LogDiagnoser(), jobs,
            env, jobs != SubmittedJobs.NONE, plans);
    }

    /** Allow-list refusals at the Slack edge go into the same audit log as the core's decisions. */
    static AccessGuard.RefusalLog refusals(AuditLog audit) {
        return (user, channel, text, code) -> audit.append(new AuditEntry(Instant.now().toString(), "refused_access",
            user, channel, text, null, null, null, "denied", code, null, Map.of(), null, null));
    }
}
