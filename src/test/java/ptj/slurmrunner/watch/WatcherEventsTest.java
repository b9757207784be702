package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ptj.slurmrunner.watch.WatcherTest.waitFor;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Event mode: the marker loop protocol against a fake login node (no scheduler query unless reconciling). */
class WatcherEventsTest extends OnFakeSlurm {
    Watcher watcher(Duration reconcile) throws IOException {
        return open(fastOptions(), JobCollector.NONE).enableEvents(reconcile, Duration.ofSeconds(1));
    }

    /** What `make slurm-submit` leaves behind: the job's run dir, relative to REMOTE_DIR. */
    void runDir(String profile, String stamp) throws IOException {
        Files.createDirectories(project.resolve("slurm/jobs"));
        Files.writeString(project.resolve("slurm/jobs/" + profile + ".rundir"), "runs/" + profile + "-" + stamp + "\n");
    }

    /** Submits, starts, and waits until the loop runs and the first polls settled; then counts from zero. */
    Watcher running(String id, String profile) throws Exception {
        runDir(profile, "20260224-143052");
        FakeSlurm.Job job = slurm.add(id);
        job.state = "PENDING";
        Watcher w = watcher(Duration.ofMinutes(5));
        w.start();
        w.submitted(thread, profile, id, false);
        waitFor(() -> slurm.loopCommands.stream().anyMatch(c -> c.contains("/remote/ptj/runs/" + profile + "-")));
        waitFor(w::eventsActive);
        waitFor(() -> slurm.count("squeue") >= 1);
        Thread.sleep(300);
        slurm.commands.clear();
        return w;
    }

    @Test
    void should_post_start_and_end_from_markers_with_one_sacct_and_no_squeue() throws Exception {
        Watcher w = running("201", "backtest_v5");
        slurm.marker("201", "start 1700000100 node7");
        waitFor(() -> sink.posted.size() == 1);
        assertTrue(sink.texts().get(0).startsWith("[Job 실행 시작] backtest_v5 (Job 201)"), sink.texts().toString());
        assertTrue(sink.texts().get(0).contains("node7"), "the node comes from the marker");
        assertEquals(0, slurm.commands.size(), "a start needs no scheduler query: " + slurm.commands);

        FakeSlurm.Job job = slurm.jobs.get("201");
        job.ends("COMPLETED");
        job.node = "node7";
        slurm.marker("201", "start 1700000100 node7|end 0 1700000160");
        waitFor(() -> sink.posted.size() == 2);
        assertTrue(sink.texts().get(1).startsWith("[Job 완료] backtest_v5 (Job 201)"), sink.texts().toString());
        assertEquals(1, slurm.count("sacct"), "ONE sacct for the notice");
        assertEquals(0, slurm.count("squeue"));
        Thread.sleep(500);
        assertEquals(2, sink.posted.size(), "nothing twice");
        assertFalse(w.status().get(0).active());
    }

    @Test
    void should_ask_sacct_again_while_the_record_is_not_written_yet() throws Exception {
        running("202", "backtest_v5");
        FakeSlurm.Job job = slurm.jobs.get("202");
        job.ends("FAILED", "1:0");
        job.inAccounting = false; // slurmdbd has not written it yet
        slurm.marker("202", "start 1700000100 node7|end 1 1700000160");
        waitFor(() -> slurm.count("sacct") >= 2);
        assertEquals(0, sink.posted.size(), "no end notice without the record");
        job.inAccounting = true;
        waitFor(() -> sink.posted.size() == 1);
        assertTrue(sink.texts().get(0).contains("(Job 202)"));
        assertTrue(sink.texts().get(0).contains("exit 1:0"), sink.texts().get(0));
        assertEquals(0, slurm.count("squeue"));
    }

    @Test
    void should_hand_a_job_to_the_poll_when_sacct_never_completes_its_record() throws Exception {
        Watcher w = running("203", "backtest_v5");
        FakeSlurm.Job job = slurm.jobs.get("203");
        job.state = "RUNNING"; // sacct still says RUNNING: bounded retries, then today's poll
        slurm.marker("203", "start 1700000100 node7|end 0 1700000160");
        long end = System.currentTimeMillis() + 15_000;
        while (slurm.count("sacct") < Watcher.MAX_FETCHES && System.currentTimeMillis() < end) Thread.sleep(50);
        Thread.sleep(1000);
        long sacctAfterGivingUp = slurm.count("sacct");
        assertTrue(sacctAfterGivingUp <= Watcher.MAX_FETCHES + 20, "bounded: " + sacctAfterGivingUp);
        assertTrue(slurm.count("squeue") >= 1, "the poll took the job over");
        // checked while the job is still watched: once it ends, the loop is stopped on purpose (nothing to watch)
        assertTrue(w.eventsActive(), "giving up on sacct leaves the loop itself fine");
        job.ends("COMPLETED");
        waitFor(() -> sink.count("[Job 완료]") == 1);
    }

    @Test
    void should_find_by_reconciliation_a_job_that_never_wrote_a_marker() throws Exception {
        runDir("backtest_v5", "20260224-143052");
        FakeSlurm.Job job = slurm.add("204");
        job.state = "RUNNING";
        Watcher w = watcher(Duration.ofMillis(700));
        w.start();
        w.submitted(thread, "backtest_v5", "204", false);
        waitFor(w::eventsActive);
        waitFor(() -> sink.count("[Job 실행 시작]") == 1); // the post-submit poll saw it run
        job.ends("NODE_FAIL"); // killed with the node: no marker
        job.exit = "0:9";
        waitFor(() -> sink.posted.size() == 2);
        assertTrue(sink.texts().get(1).contains("(Job 204)"), sink.texts().toString());
        assertTrue(slurm.markers.isEmpty());
    }

    @Test
    void should_keep_reconciling_at_the_reconcile_interval_whatever_the_number_of_jobs() throws Exception {
        for (int n : new int[] {1, 200}) {
            slurm.commands.clear();
            slurm.jobs.clear();
            sink.posted.clear();
            Watcher w = watcher(Duration.ofMillis(1000));
            w.start();
            for (int i = 0; i < n; i++) {
                String p = "p" + n + "_" + i;
                runDir(p, "20260224-143052");
                slurm.add(String.valueOf(10_000 * n + i)).state = "RUNNING";
                w.submitted(thread, p, String.valueOf(10_000 * n + i), false);
            }
            waitFor(w::eventsActive);
            Thread.sleep(500);
            slurm.commands.clear();
            Thread.sleep(3200);
            long squeues = slurm.count("squeue");
            assertTrue(squeues >= 2 && squeues <= 4, "about one per reconcile interval with " + n + " jobs: " + squeues);
            assertEquals(1, slurm.loop != null ? 1 : 0);
            String last = slurm.loopCommands.get(slurm.loopCommands.size() - 1);
            assertEquals(n, last.split(" '/remote/ptj/runs/p" + n + "_").length - 1, "the loop watches every run dir");
            w.close();
        }
    }

    @Test
    void should_poll_as_before_when_the_loop_cannot_start() throws Exception {
        slurm.loopRefused = true;
        runDir("backtest_v5", "20260224-143052");
        FakeSlurm.Job job = slurm.add("205");
        job.state = "RUNNING";
        Watcher w = watcher(Duration.ofMinutes(5));
        w.start();
        w.submitted(thread, "backtest_v5", "205", false);
        waitFor(() -> sink.posted.size() == 1);
        assertFalse(w.eventsActive());
        long before = slurm.count("squeue");
        Thread.sleep(600);
        assertTrue(slurm.count("squeue") > before + 2, "today's schedule, not the 5-minute one");
        job.ends("COMPLETED");
        waitFor(() -> sink.count("[Job 완료]") == 1);
        assertNotNull(w.lastHealthy(), "polls count as healthy");
    }

    @Test
    void should_restart_the_loop_after_an_ssh_drop_and_reconcile_at_once() throws Exception {
        Watcher w = running("206", "backtest_v5");
        int loopsBefore = slurm.loopCommands.size();
        FakeSlurm.Job job = slurm.jobs.get("206");
        job.ends("COMPLETED");
        slurm.loopAnswers = false;
        slurm.loop.drop("connection reset");
        // the end marker is written while the loop is down; the poll (today's schedule) or the new loop finds it
        slurm.markers.put("206", "start 1700000100 node7|end 0 1700000160");
        slurm.loopAnswers = true;
        waitFor(() -> sink.count("[Job 완료]") == 1);
        waitFor(() -> slurm.loopCommands.size() > loopsBefore || !w.status().get(0).active());
        Thread.sleep(1500);
        assertEquals(1, sink.count("[Job 완료]"), "once, whichever found it first");
    }

    @Test
    void should_reconcile_once_the_loop_is_back() throws Exception {
        // a second job keeps the loop wanted after the first ends
        runDir("optimizer_v5", "20260224-150000");
        Watcher w = running("207", "backtest_v5");
        slurm.add("208").state = "RUNNING";
        w.submitted(thread, "optimizer_v5", "208", false);
        waitFor(() -> slurm.loopCommands.get(slurm.loopCommands.size() - 1).contains("optimizer_v5"));
        waitFor(w::eventsActive);
        Thread.sleep(300);
        slurm.commands.clear();
        slurm.loop.drop("connection reset");
        waitFor(() -> slurm.count("squeue") >= 1);
        waitFor(w::eventsActive);
        long after = slurm.count("squeue");
        Thread.sleep(1200);
        assertTrue(slurm.count("squeue") <= after + 1, "back to the reconcile interval once the loop runs");
    }

    @Test
    void should_pick_up_run_dirs_added_and_dropped_while_the_loop_runs() throws Exception {
        runDir("optimizer_v5", "20260224-150000");
        Watcher w = running("209", "backtest_v5");
        slurm.add("210").state = "PENDING";
        w.submitted(thread, "optimizer_v5", "210", false);
        waitFor(() -> slurm.loopCommands.get(slurm.loopCommands.size() - 1).contains("optimizer_v5-20260224-150000"));
        // the first job ends: its dir leaves the loop
        FakeSlurm.Job j = slurm.jobs.get("209");
        j.ends("COMPLETED");
        slurm.marker("209", "start 1700000100 node7|end 0 1700000160");
        waitFor(() -> sink.count("[Job 완료]") == 1);
        waitFor(() -> !slurm.loopCommands.get(slurm.loopCommands.size() - 1).contains("backtest_v5-"));
        assertTrue(slurm.loopCommands.get(slurm.loopCommands.size() - 1).contains("optimizer_v5-"));
    }

    @Test
    void should_not_care_how_far_the_node_clock_is_from_ours() throws Exception {
        slurm.nodeEpoch = 978_307_200L; // the login node thinks it is 2001
        Watcher w = running("211", "backtest_v5");
        FakeSlurm.Job job = slurm.jobs.get("211");
        slurm.marker("211", "start 978307300 node7");
        waitFor(() -> sink.posted.size() == 1);
        Thread.sleep(1500); // heartbeats stamped 2001 keep coming; the loop must stay healthy past a tick or two
        assertTrue(w.eventsActive(), "heartbeats are judged by our clock only"); // while the job is watched
        job.ends("COMPLETED");
        slurm.marker("211", "start 978307300 node7|end 0 4102444800"); // and its end is in 2100
        waitFor(() -> sink.posted.size() == 2);
        assertTrue(sink.texts().get(1).startsWith("[Job 완료]"));
    }

    @Test
    void should_not_notify_twice_when_the_new_loop_reports_old_markers_after_a_bot_restart() throws Exception {
        Watcher w = running("212", "backtest_v5");
        FakeSlurm.Job job = slurm.jobs.get("212");
        job.ends("COMPLETED");
        slurm.marker("212", "start 1700000100 node7|end 0 1700000160");
        waitFor(() -> sink.count("[Job 완료]") == 1);
        w.close();
        // the bot restarts while another job of the same user runs; the new loop reports every marker it finds
        runDir("optimizer_v5", "20260224-150000");
        Watcher again = watcher(Duration.ofMinutes(5));
        again.start();
        slurm.add("213").state = "RUNNING";
        again.submitted(thread, "optimizer_v5", "213", false);
        waitFor(again::eventsActive);
        slurm.marker("212", "start 1700000100 node7|end 0 1700000160");
        Thread.sleep(800);
        assertEquals(1, sink.count("[Job 완료]"));
    }

    @Test
    void should_follow_array_jobs_by_polling_when_the_loop_reports_tasks() throws Exception {
        Watcher w = running("214", "backtest_v5");
        slurm.marker("214_0", "start 1700000100 node7");
        Thread.sleep(300);
        waitFor(() -> !w.eventsActive() || slurm.count("squeue") >= 1);
        assertTrue(slurm.count("squeue") >= 1, "an array job is followed by the poll, as before");
    }

    @Test
    void should_post_ends_from_markers_while_slurmctld_is_down() throws Exception {
        Watcher w = running("215", "backtest_v5");
        slurm.failSqueueWithExit = true; // slurmctld restarting: squeue fails; slurmdbd (sacct) still answers
        FakeSlurm.Job job = slurm.jobs.get("215");
        job.ends("COMPLETED");
        slurm.marker("215", "start 1700000100 node7|end 0 1700000160");
        waitFor(() -> sink.count("[Job 완료]") == 1);
        assertEquals(0, sink.count("[연결"), "no outage notice: " + sink.texts());
        slurm.failSqueueWithExit = false;
        assertFalse(w.status().get(0).active());
    }
}
