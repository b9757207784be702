package ptj.slurmrunner.console;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.Shortcuts;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.config.StateDir;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.watch.MakeCollector;
import ptj.slurmrunner.watch.WatchFactory;
import ptj.slurmrunner.watch.Watcher;

/**
 * The watcher behind the console: jobs submitted in the session are followed and their notices printed, marked
 * "🔔", between the conversation's replies. Its state is {@code <state dir>/console/watch-jobs.json} — apart from
 * the Slack bot's, so a console and a running `slack` on the same checkout never overwrite each other's file; a
 * later console picks up what an earlier one left and prints the notices still owed. Without a reachable cluster
 * (or a cluster config) the console works as before, without notices.
 *
 * <p>At end of input ({@link #finish}) it waits up to {@code SLURM_RUNNER_CONSOLE_WAIT} seconds (default 0) for the
 * jobs submitted in this session to end, printing their notices, then says which are still running and closes.
 */
public final class ConsoleWatch implements SubmittedJobs, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsoleWatch.class);

    private final Watcher watcher;
    private final PrintStream out;
    private final Map<String, String> session = new LinkedHashMap<>(); // jobId → profile, submitted in this session

    private ConsoleWatch(Watcher watcher, PrintStream out) {
        this.watcher = watcher;
        this.out = out;
    }

    /** A started watcher printing to {@code out}, or null (and a warning on {@code err}) when it cannot run. */
    public static ConsoleWatch start(Path projectDir, MakeRunner runner, Map<String, String> env, PrintStream out,
                                     PrintStream err) {
        try {
            Map<String, String> e = new HashMap<>(env);
            e.put("SLURM_RUNNER_STATE_DIR", StateDir.of(projectDir, env).resolve("console").toString());
            Watcher w = WatchFactory.create(projectDir, notices(out), new MakeCollector(runner), e);
            w.start();
            return new ConsoleWatch(w, out);
        } catch (Exception | LinkageError ex) {
            log.debug("console watcher off", ex);
            err.println(Messages.get("watch.console.off", String.valueOf(ex.getMessage())));
            return null;
        }
    }

    /** Prints a notice, marked, with the typed request behind each of its buttons (the console has no buttons). */
    static NoticeSink notices(PrintStream out) {
        return (origin, reply) -> {
            StringBuilder b = new StringBuilder("🔔 ").append(reply.text().replace("\n", "\n   "));
            for (Reply.Choice c : reply.choices()) {
                Shortcuts.parse(c.id()).ifPresent(s ->
                    b.append('\n').append(Messages.get("watch.console.choice", c.label(), Shortcuts.asMessage(s))));
            }
            synchronized (out) {
                out.println(b);
                out.println();
                out.flush();
            }
        };
    }

    @Override
    public void submitted(Origin origin, String profile, String jobId, boolean collectWhenDone) {
        synchronized (session) {
            session.put(jobId, profile);
        }
        watcher.submitted(origin, profile, jobId, collectWhenDone);
    }

    @Override
    public void endReported(Origin origin, String jobId) {
        watcher.endReported(origin, jobId);
    }

    @Override
    public List<Tracked> tracked() {
        return watcher.tracked();
    }

    /** Jobs of this session the watcher still follows (no end notice yet). */
    List<Tracked> unfinished() {
        Map<String, String> mine;
        synchronized (session) {
            mine = Map.copyOf(session);
        }
        return watcher.tracked().stream().filter(t -> t.active() && mine.containsKey(t.jobId())).toList();
    }

    /** End of input: wait (bounded) for this session's jobs, say what is left, close. */
    public void finish(long waitSeconds) {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        // one last look, so notices already due (this session's quick jobs, an earlier console's) are printed
        if (watcher.tracked().stream().anyMatch(Tracked::active)) watcher.pollNow(Duration.ofSeconds(10));
        List<Tracked> left = unfinished();
        if (!left.isEmpty() && waitSeconds > 0) {
            synchronized (out) {
                out.println(Messages.get("watch.console.waiting", left.size(), String.valueOf(waitSeconds)));
                out.flush();
            }
        }
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            left = unfinished();
        }
        synchronized (out) {
            for (Tracked t : left) out.println(Messages.get("watch.console.left", t.profile(), t.jobId(),
                t.state() == null ? "-" : t.state()));
            out.flush();
        }
        close();
    }

    /** Seconds to wait at end of input: SLURM_RUNNER_CONSOLE_WAIT, default 0 (hand the jobs to the next console). */
    public static long waitSeconds(Map<String, String> env) {
        String v = env.getOrDefault("SLURM_RUNNER_CONSOLE_WAIT", "");
        return v.matches("[0-9]{1,6}") ? Long.parseLong(v) : 0;
    }

    @Override
    public void close() {
        watcher.close();
    }
}
