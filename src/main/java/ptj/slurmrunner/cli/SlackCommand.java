package ptj.slurmrunner.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.audit.AuditEntry;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.config.StateDir;
import ptj.slurmrunner.console.ConsoleApp;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.slack.AccessGuard;
import ptj.slurmrunner.slack.SlackFrontEnd;
import ptj.slurmrunner.slack.SlackSettings;
import ptj.slurmrunner.watch.MakeCollector;
import ptj.slurmrunner.watch.WatchFactory;
import ptj.slurmrunner.watch.Watcher;

/**
 * {@code slurm-runner slack}: the same pipeline as the console, behind Slack (Socket Mode when SLACK_APP_TOKEN is
 * set, else HTTP on SLACK_PORT). The watcher posts its notices into each job's thread. Runs until killed.
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
        SlackFrontEnd front;
        try {
            front = new SlackFrontEnd(settings, notices -> pipeline(projectDir, env, notices, watcher),
                refusals(audit));
            front.start();
        } catch (Exception e) {
            System.err.println("slack: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                front.close();
                if (watcher.get() != null) watcher.get().close();
            } catch (Exception e) {
                log.warn("shutdown: {}", e.toString());
            }
            stop.countDown();
        }, "slack-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static Bot pipeline(Path projectDir, Map<String, String> env, NoticeSink notices, AtomicReference<Watcher> out) {
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
        Pipeline pipeline = ConsoleApp.pipeline(runner, IntentParsers.fromEnvironment(projectDir, env),
            new LogDiagnoser(), jobs, env, jobs != SubmittedJobs.NONE);
        // after the watcher collected a 풀런 job: its result card and chart in the job's thread
        if (out.get() != null) out.get().onCollected((o, p, id) -> notices.result(o, pipeline.results().afterCollect(p, id)));
        return pipeline;
    }

    /** Allow-list refusals at the Slack edge go into the same audit log as the core's decisions. */
    static AccessGuard.RefusalLog refusals(AuditLog audit) {
        return (user, channel, text, code) -> audit.append(new AuditEntry(Instant.now().toString(), "refused_access",
            user, channel, text, null, null, null, "denied", code, null, Map.of(), null, null));
    }
}
