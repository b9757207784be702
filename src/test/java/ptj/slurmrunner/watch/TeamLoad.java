package ptj.slurmrunner.watch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/**
 * A team's day compressed: {@code people} people in {@code channels} channels track {@code jobs} jobs (one thread
 * each) on a fake login node; {@code ending} of them write their end markers spread over {@code spread}, and the bot
 * (watcher + the notice sink the caller builds) is restarted halfway. Returns when the end of every ending job was
 * handed to a sink; the caller checks what Slack received. Loopback only; bounded by {@code spread} + 60 s.
 */
public final class TeamLoad {
    /** Builds the notice sink of one bot generation (0, then 1 after the restart); closed by {@code stop}. */
    public interface Bot {
        NoticeSink start(int generation) throws Exception;

        void stop(int generation) throws Exception;
    }

    public record Result(Map<String, Long> endedAt, Map<String, Origin> origins) {}

    private TeamLoad() {}

    public static Result run(Bot bot, Path stateDir, int people, int channels, int jobs, int ending, Duration spread,
                             long seed) throws Exception {
        Path project = Files.createTempDirectory("team-load-proj");
        Files.createDirectories(project.resolve("slurm/jobs"));
        FakeSlurm slurm = new FakeSlurm();
        Map<String, Origin> origins = new LinkedHashMap<>();
        for (int i = 0; i < jobs; i++) {
            String id = String.valueOf(50_000 + i);
            slurm.add(id).state = "PENDING"; // no notice until they end (pending notices come after an hour)
            int person = i % people;
            origins.put(id, new Origin("U" + person, "C" + (person % channels), "1764130000." + (100_000 + i)));
            Files.writeString(project.resolve("slurm/jobs/team" + id + ".rundir"), "runs/team" + id + "-20260224-143052\n");
        }
        Watcher w = watcher(slurm, bot.start(0), stateDir, project);
        w.start();
        origins.forEach((id, o) -> w.submitted(o, "team" + id, id, false));
        waitUntil(w::eventsActive, 30_000);

        List<String> ids = new ArrayList<>(origins.keySet());
        Collections.shuffle(ids, new Random(seed));
        List<String> chosen = ids.subList(0, ending);
        Map<String, Long> endedAt = new LinkedHashMap<>();
        long t0 = System.currentTimeMillis();
        Watcher current = w;
        boolean restarted = false;
        for (int k = 0; k < chosen.size(); k++) {
            long due = t0 + spread.toMillis() * k / chosen.size();
            if (!restarted && k >= chosen.size() / 2) {
                // the bot restarts in the middle: notices already handed over wait in the outbox
                current.close();
                bot.stop(0);
                current = watcher(slurm, bot.start(1), stateDir, project);
                current.start();
                restarted = true;
            }
            long wait = due - System.currentTimeMillis();
            if (wait > 0) Thread.sleep(wait);
            String id = chosen.get(k);
            FakeSlurm.Job j = slurm.jobs.get(id);
            j.state = "COMPLETED";
            j.inQueue = false;
            endedAt.put(id, System.currentTimeMillis());
            slurm.marker(id, "start 1764130000 node1|end 0 1764130100");
        }
        Watcher last = current;
        waitUntil(() -> last.status().stream().filter(s -> !s.active()).count() >= ending, spread.toMillis() + 60_000);
        last.close();
        bot.stop(1);
        return new Result(endedAt, origins);
    }

    private static Watcher watcher(FakeSlurm slurm, NoticeSink sink, Path state, Path project) throws Exception {
        Watcher.Options o = Watcher.Options.defaults("/remote/ptj", project).withPendingNoticeAfter(Duration.ofHours(1));
        return new Watcher(new SlurmPoller(slurm), slurm, sink, new LogDiagnoser(), JobCollector.NONE, state, o,
                Clock.systemUTC()).enableEvents(Duration.ofMinutes(5), Duration.ofSeconds(1));
    }

    private static void waitUntil(java.util.function.BooleanSupplier c, long ms) throws InterruptedException {
        long end = System.currentTimeMillis() + ms;
        while (!c.getAsBoolean() && System.currentTimeMillis() < end) Thread.sleep(50);
    }
}
