package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/** After the watcher collected a `full` job, the result hook is told once (the result card); never for a failed collect. */
class WatcherResultHookTest {
    @TempDir Path state;
    @TempDir Path project;

    @Test
    void should_tell_the_result_hook_after_a_successful_collect_only() throws Exception {
        FakeSlurm slurm = new FakeSlurm();
        RecordingSink sink = new RecordingSink();
        JobCollector collector = (profile, jobId) -> jobId.equals("201")
            ? new CollectResult(true, null, "ok", List.of("data/results/backtests/"), List.of(), null, false)
            : CollectResult.failed("ssh_failed", "no");
        Watcher w = new Watcher(new SlurmPoller(slurm), slurm, sink, new LogDiagnoser(), collector, state,
            Watcher.Options.defaults("/remote/ptj", project).withIntervals(Duration.ofMillis(50), Duration.ofMillis(200)),
            new WatcherTest.MutableClock());
        try {
            List<String> told = new CopyOnWriteArrayList<>();
            w.onCollected((origin, profile, jobId) -> told.add(origin.threadTs() + " " + profile + " " + jobId));
            Origin thread = new Origin("U1", "C1", "1.100");
            slurm.add("201").state = "RUNNING";
            slurm.add("202").state = "RUNNING";
            w.submitted(thread, "backtest_v5", "201", true);
            w.submitted(thread, "optimizer_v5", "202", true);
            w.pollOnce();
            for (String id : List.of("201", "202")) {
                slurm.jobs.get(id).ends("COMPLETED");
            }
            w.pollOnce();
            WatcherTest.waitFor(() -> sink.count("[결과 수집 완료]") == 1 && sink.texts().size() >= 4);
            Thread.sleep(200);
            assertEquals(List.of("1.100 backtest_v5 201"), told);
        } finally {
            w.close();
        }
    }
}
