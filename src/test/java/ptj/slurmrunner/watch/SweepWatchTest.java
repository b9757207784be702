package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/** A sweep watched as one job: task counts, one notice at the end, bounded whatever the task count. */
class SweepWatchTest {
    @TempDir Path state;
    @TempDir Path project;

    final RecordingSink sink = new RecordingSink();
    final Origin thread = new Origin("U1", "C1", "1700000000.123456");
    final List<Watcher> opened = new ArrayList<>();
    final WatcherTest.MutableClock clock = new WatcherTest.MutableClock();

    @AfterEach
    void close() {
        opened.forEach(Watcher::close);
    }

    Watcher watcher(FakeArray slurm, int tasks) throws IOException {
        Files.createDirectories(project.resolve("slurm/jobs"));
        StringBuilder f = new StringBuilder("812\n");
        for (int i = 0; i < tasks; i++) f.append("--seed ").append(i + 1).append('\n');
        Files.writeString(project.resolve("slurm/jobs/backtest_v5.sweep"), f.toString());
        Watcher.Options o = Watcher.Options.defaults("/remote/ptj", project)
            .withIntervals(Duration.ofMillis(50), Duration.ofMillis(200)).withPendingNoticeAfter(Duration.ofHours(1));
        Watcher w = new Watcher(new SlurmPoller(slurm), slurm, sink, new LogDiagnoser(), null, state, o, clock);
        opened.add(w);
        return w;
    }

    @Test
    void should_post_one_end_notice_for_twenty_tasks_with_counts_efficiency_and_failed_tasks() throws IOException {
        FakeArray slurm = new FakeArray();
        for (int i = 0; i < 20; i++) slurm.tasks.put(i, i < 10 ? "RUNNING" : "PENDING");
        Watcher w = watcher(slurm, 20);
        w.submitted(thread, "backtest_v5", "812", false);
        w.pollOnce();
        SweepWatch probe = new SweepWatch(slurm, project, "/remote/ptj", 15);
        assertTrue(probe.isSweep("812"), "the .sweep file names the array");
        // tasks end one by one: no notice until the last one
        for (int i = 0; i < 20; i++) {
            slurm.tasks.put(i, i == 4 || i == 7 || i == 11 || i == 15 || i == 18 ? "FAILED" : "COMPLETED");
            for (int k = i + 1; k < Math.min(20, i + 11); k++) slurm.tasks.put(k, "RUNNING");
            w.pollOnce();
            long ends = sink.texts().stream().filter(t -> t.contains("[Sweep")).count();
            assertEquals(i == 19 ? 1 : 0, ends, "after task " + i + ": " + sink.texts());
        }
        w.pollOnce();
        w.pollOnce();
        List<String> texts = sink.texts();
        assertTrue(texts.size() <= 2, "one running notice and one end notice at most: " + texts);
        String end = texts.stream().filter(t -> t.contains("[Sweep")).findFirst().orElseThrow();
        assertTrue(end.contains("[Sweep 종료: 실패 Task 있음] backtest_v5 (Job 812, Task 20개)"), end);
        assertTrue(end.contains("⏳ 0 · 🏃 0 · ✅ 15 · ❌ 5"), end);
        assertTrue(end.contains("효율 (모든 Task 합계)") && end.contains("CPU 100.0%"), end);
        assertTrue(end.contains("❌ 812_4 FAILED (exit 1:0)") && end.contains("❌ 812_11 FAILED"), end);
        assertTrue(end.contains("그 밖의 실패 Task 2개: 812_15, 812_18"), end);
        assertEquals(SweepWatch.MAX_DIAGNOSED, slurm.count("tail"), "log reads bounded");
        // the end notice carries the sweep's state for its card: the counts as a field, the details as the body
        ptj.slurmrunner.bot.Card endCard = sink.posted.stream().map(p -> p.reply().card())
            .filter(c -> c != null && "FAILED".equals(c.state())).findFirst().orElseThrow();
        assertEquals(ptj.slurmrunner.bot.Card.Kind.JOB_STATE, endCard.kind());
        assertEquals("812", endCard.job().jobId());
        assertTrue(endCard.fields().stream().anyMatch(f -> f.value().equals("⏳ 0 · 🏃 0 · ✅ 15 · ❌ 5")), endCard.toString());
        assertTrue(endCard.body().contains("812_4"), endCard.body());
        // only the sweep command per poll: the plain squeue/sacct of the poller is not asked for a sweep
        assertEquals(0, slurm.count("squeue --me -t all -h"));
        assertEquals(0, slurm.count("sacct"));
    }

    @Test
    void should_aggregate_states_and_count_tasks_not_listed_yet_as_pending() {
        String answer = "812_0|RUNNING|None|n1|0:10\n812_1|PENDING|JobArrayTaskLimit||0:00\n" + SweepWatch.MARK + "\n"
            + "812_2|COMPLETED|0:0|00:00:05|n1|00:00:04||40G|20\n812_[3-5%2]|PENDING|0:0|00:00:00|None assigned|00:00:00||40G|20\n";
        SweepWatch.Tasks t = SweepWatch.parse("812", 6, answer);
        assertEquals("⏳ 4 · 🏃 1 · ✅ 1 · ❌ 0", t.counts());
        assertEquals("RUNNING", SweepWatch.aggregate(t).state());
        SweepWatch.Tasks done = SweepWatch.parse("812", 2, SweepWatch.MARK + "\n"
            + "812_0|COMPLETED|0:0|00:00:05|n1|00:00:04||40G|20\n812_1|CANCELLED by 0|0:0|00:00:00|n1|00:00:00||40G|20\n");
        JobSnapshot s = SweepWatch.aggregate(done);
        assertEquals("CANCELLED", s.state());
        assertTrue(s.ended() && s.accounted());
        // another array's tasks and the plain job 8120 are not 812's
        SweepWatch.Tasks other = SweepWatch.parse("812", 0, "8120|RUNNING|None|n1|0:10\n8121_0|RUNNING|None|n1|0:10\n"
            + SweepWatch.MARK + "\n");
        assertEquals(JobSnapshot.UNKNOWN, SweepWatch.aggregate(other).state());
        assertNull(new SweepWatch(null, project, "/r", 15).counts("812"));
    }

    @Test
    void should_not_count_a_half_written_accounting_record_as_accounted() {
        // slurmdbd, a second after the task ended: ReqMem "40?" / no CPUs / no exit code → the end waits for the record
        for (String half : List.of("812_1|FAILED|1:0|00:00:03|n1|00:00:02||40?|20\n",
                "812_1|FAILED|1:0|00:00:03|n1|00:00:02||40G|0\n", "812_1|FAILED||00:00:03|n1|00:00:02||40G|20\n")) {
            SweepWatch.Tasks t = SweepWatch.parse("812", 2, SweepWatch.MARK + "\n"
                + "812_0|COMPLETED|0:0|00:00:05|n1|00:00:04||40G|20\n" + half);
            JobSnapshot s = SweepWatch.aggregate(t);
            assertTrue(s.ended(), half);
            assertTrue(!s.accounted(), "not yet accounted: " + half);
        }
        // whole: accounted; and a task cancelled while still pending has no CPUs and never will
        JobSnapshot whole = SweepWatch.aggregate(SweepWatch.parse("812", 2, SweepWatch.MARK + "\n"
            + "812_0|COMPLETED|0:0|00:00:05|n1|00:00:04||40G|20\n812_1|CANCELLED by 0|0:0|00:00:00|None assigned|00:00:00||40G|0\n"));
        assertTrue(whole.ended() && whole.accounted());
    }

    @Test
    void should_end_a_sweep_whose_task_was_cancelled_while_pending_and_left_no_record() {
        // "812_1 취소" under a second after submit: slurmctld clears the pending task's bit, slurmdbd never gets a
        // line for it, and squeue -r forgets it. Nothing of the array is active any more: the task is not pending
        String gone = SweepWatch.MARK + "\n" + "812_0|COMPLETED|0:0|00:00:45|n1|00:00:44||40G|1\n"
            + "812_2|COMPLETED|0:0|00:00:45|n1|00:00:44||40G|1\n812_3|COMPLETED|0:0|00:00:45|n1|00:00:44||40G|1\n";
        SweepWatch.Tasks t = SweepWatch.parse("812", 4, gone);
        assertEquals("⏳ 0 · 🏃 0 · ✅ 3 · ❌ 1", t.counts());
        JobSnapshot s = SweepWatch.aggregate(t);
        assertEquals("CANCELLED", s.state());
        assertTrue(s.ended(), s.toString());
        assertTrue(!s.accounted(), "the watcher still gives slurmdbd its accounting wait for the missing line");
        assertEquals("812_1", t.failed().get(0).id());
        // while anything of the array is still active, a task not listed yet is pending, as before
        SweepWatch.Tasks running = SweepWatch.parse("812", 4, "812_3|RUNNING|None|n1|0:10\n" + gone.replace(
            "812_3|COMPLETED|0:0|00:00:45|n1|00:00:44||40G|1\n", ""));
        assertEquals("⏳ 1 · 🏃 1 · ✅ 2 · ❌ 0", running.counts());
        SweepWatch.Tasks remainder = SweepWatch.parse("812", 4, SweepWatch.MARK + "\n"
            + "812_0|COMPLETED|0:0|00:00:45|n1|00:00:44||40G|1\n812_[1-3%2]|PENDING|0:0|00:00:00|None assigned|00:00:00||40G|1\n");
        assertEquals("⏳ 3 · 🏃 0 · ✅ 1 · ❌ 0", remainder.counts());
        assertEquals("PENDING", SweepWatch.aggregate(remainder).state());
    }

    @Test
    void should_post_the_end_notice_of_a_sweep_whose_cancelled_task_never_reached_accounting() throws IOException {
        FakeArray slurm = new FakeArray();
        for (int i = 0; i < 4; i++) slurm.tasks.put(i, "RUNNING");
        Watcher w = watcher(slurm, 4);
        w.submitted(thread, "backtest_v5", "812", false);
        w.pollOnce();
        slurm.tasks.remove(1); // cancelled while pending: no squeue line, no sacct line, ever
        for (int i : new int[] {0, 2, 3}) slurm.tasks.put(i, "COMPLETED");
        for (int poll = 0; poll < 40 && sink.texts().stream().noneMatch(t -> t.contains("[Sweep")); poll++) {
            w.pollOnce();
            clock.advance(Duration.ofSeconds(2));
        }
        String end = sink.texts().stream().filter(t -> t.contains("[Sweep")).findFirst()
            .orElseThrow(() -> new AssertionError("no end notice: the sweep stayed open: " + sink.texts()));
        assertTrue(end.contains("⏳ 0 · 🏃 0 · ✅ 3 · ❌ 1"), end);
        assertTrue(end.contains("812_1 CANCELLED"), end);
        w.pollOnce();
        assertEquals(1, sink.texts().stream().filter(t -> t.contains("[Sweep")).count(), "one end notice");
    }
}
