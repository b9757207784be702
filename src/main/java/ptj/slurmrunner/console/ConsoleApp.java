package ptj.slurmrunner.console;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.ThreadMemory;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.config.StateDir;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.diagnose.Diagnoser;
import ptj.slurmrunner.intent.IntentParser;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.results.Results;
import ptj.slurmrunner.run.LiveProjectState;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;

/** Hand-wires the pipeline for a project directory (the console and the Slack command share this). */
public final class ConsoleApp {
    private ConsoleApp() {}

    /**
     * @param projectDir the checkout whose Makefile, slurm/ and data/ the toolkit uses (PROJECT_DIR, default cwd)
     * @param env        environment: SLURM_RUNNER_ADMINS, SLURM_RUNNER_STATE_DIR, SLURM_RUNNER_CONFIRM_TTL (seconds)
     */
    public static Pipeline pipeline(Path projectDir, IntentParser parser, Diagnoser diagnoser,
                                    SubmittedJobs submittedJobs, Map<String, String> env) {
        return pipeline(runner(projectDir), parser, diagnoser, submittedJobs, env);
    }

    /** The project's make runner; share one between the pipeline and the watcher's collector (per-profile lock). */
    public static MakeRunner runner(Path projectDir) {
        return new MakeRunner(projectDir, null, List.of("make"), Map.of(), Timeouts.DEFAULT, Duration.ofSeconds(3));
    }

    /** The same wiring around a given runner (tests: a temp project driven by the repo's Makefile). */
    public static Pipeline pipeline(MakeRunner runner, IntentParser parser, Diagnoser diagnoser,
                                    SubmittedJobs submittedJobs, Map<String, String> env) {
        return pipeline(runner, parser, diagnoser, submittedJobs, env, false);
    }

    /**
     * @param fullViaWatcher "풀런" submits and lets the watcher collect after COMPLETED (Slack, with a running
     *                       watcher) instead of holding {@code make slurm-full} open until the job ends (console)
     */
    public static Pipeline pipeline(MakeRunner runner, IntentParser parser, Diagnoser diagnoser,
                                    SubmittedJobs submittedJobs, Map<String, String> env, boolean fullViaWatcher) {
        return pipeline(runner, parser, diagnoser, submittedJobs, env, fullViaWatcher,
            new PlanStore(Clock.systemUTC(), confirmTtl(env)));
    }

    /** SLURM_RUNNER_CONFIRM_TTL (seconds), default 10 minutes. */
    public static Duration confirmTtl(Map<String, String> env) {
        String ttl = env.getOrDefault("SLURM_RUNNER_CONFIRM_TTL", "");
        return ttl.matches("[0-9]{1,6}") ? Duration.ofSeconds(Long.parseLong(ttl)) : PlanStore.DEFAULT_TTL;
    }

    /** The Slack bot's plans: kept in {@code <state dir>/pending-plans.json} so cards survive a restart. */
    public static PlanStore persistentPlans(Path projectDir, Map<String, String> env) {
        return PlanStore.persistent(Clock.systemUTC(), confirmTtl(env),
            StateDir.of(projectDir, env).resolve("pending-plans.json"));
    }

    /** The same wiring with a given plan store (Slack: a persistent one, whose size /healthz reports). */
    public static Pipeline pipeline(MakeRunner runner, IntentParser parser, Diagnoser diagnoser,
                                    SubmittedJobs submittedJobs, Map<String, String> env, boolean fullViaWatcher,
                                    PlanStore plans) {
        Path projectDir = runner.projectDir();
        Path stateDir = StateDir.of(projectDir, env);
        AuditLog audit = new AuditLog(stateDir.resolve("audit.jsonl"));
        return new Pipeline(parser, new Policy(), () -> new LiveProjectState(projectDir, runner), plans, runner,
            new Reports(diagnoser == null ? new LogDiagnoser() : diagnoser), audit, submittedJobs,
            env.getOrDefault("SLURM_RUNNER_ADMINS", ""), projectDir, Clock.systemUTC(), fullViaWatcher,
            Results.forProject(projectDir, stateDir))
            .rememberingThreads(new ThreadMemory(stateDir.resolve("threads.json")));
    }
}
