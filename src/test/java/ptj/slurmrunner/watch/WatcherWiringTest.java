package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/** What the front ends use beyond submitted(): pollNow (console end of input) and tracked() (상태 확인). */
class WatcherWiringTest {
    @TempDir Path state;
    @TempDir Path project;

    @Test
    void should_post_a_due_end_notice_once_on_poll_now_and_track_only_the_bots_jobs() throws Exception {
        FakeSlurm slurm = new FakeSlurm();
        FakeSlurm.Job job = slurm.add("201");
        job.ends("COMPLETED");
        job.sacctLine = "201|COMPLETED|0:0|00:00:05|vm|00:00:04|0|1G|1";
        job.batchLine = "201.batch|COMPLETED|0:0|00:00:05|vm|00:00:04|1024K||1";
        slurm.add("202").state = "RUNNING";
        Files.createDirectories(project.resolve("slurm/jobs"));
        Files.writeString(project.resolve("slurm/jobs/optimizer_v5.jobid"), "202\n");
        RecordingSink sink = new RecordingSink();
        Watcher.Options o = Watcher.Options.defaults("/remote", project)
            .withIntervals(Duration.ofSeconds(30), Duration.ofSeconds(30));
        try (Watcher w = new Watcher(new SlurmPoller(slurm), slurm, sink, new LogDiagnoser(), JobCollector.NONE, state, o,
                Clock.systemUTC())) {
            w.submitted(Origin.console(), "backtest_v5", "201", false);
            w.start();
            assertTrue(w.pollNow(Duration.ofSeconds(5)));
            assertEquals(1, sink.texts().size(), sink.texts().toString());
            assertTrue(sink.texts().get(0).startsWith("[Job 완료] backtest_v5 (Job 201)"), sink.texts().get(0));
            List<SubmittedJobs.Tracked> tracked = w.tracked();
            assertEquals(List.of("201"), tracked.stream().map(SubmittedJobs.Tracked::jobId).toList(),
                "the job file's 202 is in [SLURM Status] already");
            assertEquals("console", tracked.get(0).requester());
            assertEquals("COMPLETED", tracked.get(0).state());
        }
    }
}
