package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/**
 * The watcher unit tests' stage: a fake login node, a sink that records every notice, one Slack thread, a clock that
 * moves only when told, temp state and project dirs. Every watcher a test opens is closed after it.
 */
abstract class OnFakeSlurm {
    @TempDir Path state;
    @TempDir Path project;

    final FakeSlurm slurm = new FakeSlurm();
    final RecordingSink sink = new RecordingSink();
    final Origin thread = new Origin("U1", "C1", "1700000000.123456");
    final WatcherTest.MutableClock clock = new WatcherTest.MutableClock();
    final List<Watcher> opened = new ArrayList<>();

    @AfterEach
    void closeWatchers() {
        opened.forEach(Watcher::close);
    }

    /** Polls every 50 to 200 ms; a job still pending after 30 s gets its notice. */
    Watcher.Options fastOptions() {
        return Watcher.Options.defaults("/remote/ptj", project)
                .withIntervals(Duration.ofMillis(50), Duration.ofMillis(200))
                .withPendingNoticeAfter(Duration.ofSeconds(30));
    }

    /** A polling watcher over the fake with these options, closed after the test. */
    Watcher open(Watcher.Options options, JobCollector collector) throws IOException {
        Watcher w = new Watcher(new SlurmPoller(slurm), slurm, sink, new LogDiagnoser(), collector, state, options,
                clock);
        opened.add(w);
        return w;
    }
}
