package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;

class WatcherTest extends OnFakeSlurm {
    JobCollector collector = JobCollector.NONE;

    Watcher watcher() throws IOException {
        return open(fastOptions(), collector);
    }

    /** A new watcher told of job {@code id} of {@code profile} (and whether to collect it), polled once. */
    Watcher watching(String profile, String id, boolean collect) throws IOException {
        Watcher w = watcher();
        w.submitted(thread, profile, id, collect);
        w.pollOnce();
        return w;
    }

    @Test
    void should_issue_one_squeue_and_at_most_one_sacct_per_poll_with_1_and_50_jobs() throws IOException {
        for (int n : new int[] {1, 50}) {
            slurm.commands.clear();
            slurm.jobs.clear();
            Watcher w = watcher();
            for (int i = 0; i < n; i++) {
                String id = String.valueOf(1000 * n + i);
                slurm.add(id).state = "RUNNING";
                w.submitted(thread, "p" + i, id, false);
            }
            w.pollOnce();
            assertEquals(List.of(1L, 0L), List.of(slurm.count("squeue"), slurm.count("sacct")), "all in queue, n=" + n);
            // half of them leave the queue: still one squeue, exactly one sacct naming all of them
            slurm.commands.clear();
            int k = 0;
            for (var j : slurm.jobs.values()) if (k++ % 2 == 0) j.ends("COMPLETED");
            w.pollOnce();
            assertEquals(1, slurm.count("squeue"), "n=" + n);
            assertEquals(1, slurm.count("sacct"), "n=" + n);
            assertEquals(0, slurm.count("squeue -j"));
            w.close();
        }
    }

    @Test
    void should_post_running_then_completed_with_efficiency_exactly_once() throws IOException {
        FakeSlurm.Job job = slurm.add("101");
        Watcher w = watching("backtest_v5", "101", false);
        assertEquals(0, sink.posted.size(), "a young pending job gets no notice");
        job.state = "RUNNING";
        job.node = "slurm-dev";
        w.pollOnce();
        w.pollOnce();
        job.ends("COMPLETED");
        job.sacctLine = "101|COMPLETED|0:0|00:02:00|slurm-dev|00:03:00|0|4G|2";
        job.batchLine = "101.batch|COMPLETED|0:0|00:02:00|slurm-dev|00:03:00|524288K||2";
        w.pollOnce();
        w.pollOnce();
        assertEquals(2, sink.posted.size(), sink.texts().toString());
        assertTrue(sink.texts().get(0).startsWith("[Job 실행 시작] backtest_v5 (Job 101)"), sink.texts().get(0));
        assertTrue(sink.texts().get(0).contains("slurm-dev"));
        String done = sink.texts().get(1);
        assertTrue(done.startsWith("[Job 완료] backtest_v5 (Job 101)"), done);
        assertTrue(done.contains("CPU 75.0%"), done);
        assertTrue(done.contains("최대 메모리 512M / 요청 4.0G (13%)"), done);
        assertTrue(done.contains("메모리를 요청의 13%만"), done);
        assertEquals(thread, sink.posted.get(1).origin());
        assertEquals("act:collect:backtest_v5:101", sink.posted.get(1).reply().choices().get(0).id());
    }

    @Test
    void should_only_update_the_card_of_a_completed_job_whose_end_its_thread_already_saw() throws IOException {
        FakeSlurm.Job job = slurm.add("105");
        job.state = "RUNNING";
        Watcher w = watching("backtest_v5", "105", false);
        assertEquals(1, sink.count("[Job 실행 시작]"));
        w.endReported(new Origin("U1", "C9", "1700000000.999999"), "105"); // another thread: ignored
        w.endReported(thread, "999"); // not tracked: ignored
        w.endReported(thread, "105"); // "backtest_v5 대기해줘" in this thread said COMPLETED
        job.state = "COMPLETED";
        job.inQueue = false;
        w.pollOnce();
        w.pollOnce();
        assertEquals(0, sink.count("[Job 완료]"), sink.texts().toString());
        assertEquals(1, sink.progressed.size(), "the card still goes to COMPLETED");
        assertEquals("COMPLETED", sink.progressed.get(0).state());
        w.pollOnce();
        assertEquals(1, sink.progressed.size(), "once");
    }

    @Test
    void should_still_post_the_diagnosis_of_a_failed_job_whose_end_its_thread_saw() throws IOException {
        FakeSlurm.Job job = slurm.add("106");
        job.state = "RUNNING";
        Watcher w = watching("backtest_v5", "106", false);
        w.endReported(thread, "106");
        job.state = "FAILED";
        job.exit = "1:0";
        job.inQueue = false;
        w.pollOnce();
        w.pollOnce();
        assertEquals(1, sink.count("[Job 실패]"), sink.texts().toString());
    }

    @Test
    void should_tell_why_a_job_waits_once_after_a_while() throws IOException {
        FakeSlurm.Job job = slurm.add("102");
        job.reason = "Resources";
        Watcher w = watching("optimizer_v5", "102", false);
        clock.advance(Duration.ofSeconds(31));
        w.pollOnce();
        w.pollOnce();
        assertEquals(List.of("[Job 대기 중] optimizer_v5 (Job 102)\n  사유: Resources"), sink.texts());
    }

    @Test
    void should_never_read_a_failed_query_as_finished_and_warn_once_per_outage() throws IOException {
        FakeSlurm.Job job = slurm.add("103");
        job.state = "RUNNING";
        Watcher w = watching("backtest_v5", "103", false);
        assertEquals(1, sink.posted.size());
        // the job ends while the connection is gone
        job.ends("FAILED", "1:0");
        slurm.failNext = 1;
        w.pollOnce();
        assertEquals(1, sink.posted.size(), "one failure: nothing said");
        slurm.failNext = 10;
        for (int i = 0; i < 5; i++) w.pollOnce();
        assertEquals(2, sink.posted.size(), sink.texts().toString());
        assertTrue(sink.texts().get(1).startsWith("연결 끊김, 재시도 중"), sink.texts().get(1));
        slurm.failNext = 0;
        slurm.failSqueueWithExit = true; // the controller answers with an error: still a failure, not an end
        w.pollOnce();
        assertEquals(2, sink.posted.size());
        assertEquals("RUNNING", w.status().get(0).state());
        slurm.failSqueueWithExit = false;
        w.pollOnce();
        assertTrue(sink.texts().get(2).startsWith("연결 복구"), sink.texts().toString());
        assertEquals("act:recover:backtest_v5:103", sink.posted.get(2).reply().choices().get(0).id());
        assertTrue(sink.texts().get(3).startsWith("[Job 실패] backtest_v5 (Job 103)"), sink.texts().toString());
        assertEquals(4, sink.posted.size());
    }

    @Test
    void should_wait_for_a_late_accounting_record_by_time_not_only_by_polls() throws IOException {
        FakeSlurm.Job job = slurm.add("107");
        job.state = "RUNNING";
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "107", false);
        w.pollOnce();
        job.state = "COMPLETED"; // squeue shows it ended, slurmdbd has not written it yet
        job.inAccounting = false;
        for (int i = 0; i < 5; i++) w.pollOnce(); // fast polls on a busy controller: more than the poll minimum
        assertEquals(0, sink.count("[Job 완료]"), "still waiting for the record: " + sink.texts());
        job.inAccounting = true;
        w.pollOnce();
        assertEquals(1, sink.count("[Job 완료]"), sink.texts().toString());
        assertTrue(sink.texts().get(sink.texts().size() - 1).contains("CPU"), "with its efficiency: " + sink.texts());
    }

    @Test
    void should_post_without_the_record_once_the_accounting_wait_is_over() throws IOException {
        FakeSlurm.Job job = slurm.add("108");
        job.state = "RUNNING";
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "108", false);
        w.pollOnce();
        job.state = "COMPLETED";
        job.inAccounting = false; // slurmdbd down: the notice must not wait forever
        for (int i = 0; i < 4; i++) w.pollOnce();
        assertEquals(0, sink.count("[Job 완료]"));
        clock.advance(Watcher.ACCOUNTING_WAIT.plusSeconds(1));
        w.pollOnce();
        assertEquals(1, sink.count("[Job 완료]"), sink.texts().toString());
    }

    @Test
    void should_keep_a_job_unknown_to_squeue_and_sacct_tracked_without_notice() throws IOException {
        FakeSlurm.Job job = slurm.add("104");
        job.inQueue = false;
        job.inAccounting = false;
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "104", false);
        for (int i = 0; i < 5; i++) w.pollOnce();
        assertEquals(0, sink.posted.size());
        assertTrue(w.status().get(0).active());
    }

    @Test
    void should_notify_each_transition_once_across_a_restart() throws IOException {
        FakeSlurm.Job job = slurm.add("105");
        job.state = "RUNNING";
        Watcher first = watching("study_exit_params", "105", true);
        first.close();
        // a new process: same state dir, no submitted() call
        Watcher second = watcher();
        second.pollOnce();
        assertEquals(1, sink.posted.size(), sink.texts().toString());
        job.ends("COMPLETED");
        second.pollOnce();
        Watcher third = watcher();
        third.pollOnce();
        assertEquals(2, sink.count("[Job"), sink.texts().toString());
        assertEquals(1, sink.count("[Job 완료]"));
        assertTrue(Files.readString(state.resolve("watch-jobs.json")).contains("\"threadTs\" : \"1700000000.123456\""));
    }

    @Test
    void should_collect_a_full_job_after_completed_but_not_a_failed_one() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        collector = (profile, jobId) -> {
            calls.incrementAndGet();
            return new CollectResult(true, null, "ok", List.of("data/results/backtests/"),
                    List.of("slurm/logs/" + jobId + ".out", "slurm/logs/" + jobId + ".err"),
                    "runs/backtest_v5-20260224-143052", true);
        };
        slurm.add("106").state = "RUNNING";
        slurm.add("107").state = "RUNNING";
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "106", true);
        w.submitted(thread, "optimizer_v5", "107", true);
        w.pollOnce();
        slurm.jobs.get("106").ends("COMPLETED");
        slurm.jobs.get("107").ends("FAILED", "1:0");
        w.pollOnce();
        waitFor(() -> sink.count("[결과 수집 완료]") == 1);
        w.pollOnce();
        assertEquals(1, calls.get());
        String collected = sink.texts().stream().filter(t -> t.startsWith("[결과 수집 완료]")).findFirst().orElseThrow();
        assertTrue(collected.contains("Profile:  backtest_v5"), collected);
        assertTrue(collected.contains("runs/backtest_v5-20260224-143052/ 삭제 완료"), collected);
    }

    @Test
    void should_finish_a_collect_the_previous_process_left_pending() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        collector = (profile, jobId) -> {
            calls.incrementAndGet();
            return CollectResult.failed("job_active", "아직 실행 중");
        };
        slurm.add("108").state = "RUNNING";
        Watcher w = watching("backtest_v5", "108", true);
        slurm.jobs.get("108").ends("COMPLETED");
        w.pollOnce();
        waitFor(() -> calls.get() == 1);
        waitFor(() -> sink.count("[결과 수집 실패]") == 1);
        assertTrue(sink.posted.get(sink.posted.size() - 1).reply().choices().get(0).id().startsWith("act:recover:"));
    }

    @Test
    void should_diagnose_a_failure_with_log_tail_and_log_recover_buttons() throws IOException {
        FakeSlurm.Job job = slurm.add("109");
        job.state = "RUNNING";
        Watcher w = watching("backtest_v5", "109", false);
        job.ends("FAILED", "1:0");
        job.err = "Traceback (most recent call last):\n  File \"/workspace/run.py\", line 3, in <module>\n"
                + "    raise ValueError(\"boom\")\nValueError: boom\n";
        job.out = "[backtest_v5] start\n";
        w.pollOnce();
        Reply r = sink.posted.get(1).reply();
        assertTrue(r.text().contains("원인: Python 코드에서 예외"), r.text());
        assertTrue(r.text().contains("ValueError: boom"), r.text());
        assertTrue(r.text().contains("/workspace/run.py:3"), r.text());
        assertTrue(r.text().contains("로그 마지막 줄 (.out):\n    [backtest_v5] start"), r.text());
        assertEquals(List.of("act:log:backtest_v5:109", "act:recover:backtest_v5:109"),
                r.choices().stream().map(Reply.Choice::id).toList());
        assertTrue(slurm.commands.stream().anyMatch(c -> c.startsWith("tail -n 15 -- '/remote/ptj/slurm/logs/109.err'")));
    }

    @Test
    void should_name_who_cancelled() throws IOException {
        FakeSlurm.Job job = slurm.add("110");
        job.state = "RUNNING";
        Watcher w = watching("backtest_v5", "110", false);
        job.inQueue = false;
        job.sacctLine = "110|CANCELLED by 1001|0:0|00:00:07|slurm-dev|00:00:01||1000M|2";
        w.pollOnce();
        String t = sink.texts().get(1);
        assertTrue(t.startsWith("[Job 취소됨]"), t);
        assertTrue(t.contains("취소한 사람: taehyun (uid 1001)"), t);
    }

    @Test
    void should_wait_for_the_accounting_record_when_squeue_is_ahead() throws IOException {
        FakeSlurm.Job job = slurm.add("111");
        job.state = "RUNNING";
        Watcher w = watching("backtest_v5", "111", false);
        job.state = "COMPLETED"; // squeue shows the end, sacct still says RUNNING
        job.sacctLine = "111|RUNNING|0:0|00:00:07|slurm-dev|00:00:01||1000M|2";
        w.pollOnce();
        assertEquals(1, sink.posted.size());
        job.sacctLine = "111|COMPLETED|0:0|00:00:08|slurm-dev|00:00:16||1000M|2";
        w.pollOnce();
        assertEquals(2, sink.posted.size());
        assertTrue(sink.texts().get(1).contains("소요 시간: 00:00:08"), sink.texts().get(1));
    }

    @Test
    void should_retry_a_notice_the_sink_refused() throws IOException {
        slurm.add("112").state = "RUNNING";
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "112", false);
        sink.failNext = 1;
        w.pollOnce();
        assertEquals(0, sink.posted.size());
        w.pollOnce();
        w.pollOnce();
        assertEquals(1, sink.posted.size());
    }

    @Test
    void should_list_status_with_requester_reason_and_thread_link() throws IOException {
        FakeSlurm.Job pending = slurm.add("113");
        pending.reason = "Resources";
        slurm.add("114").state = "RUNNING";
        Files.createDirectories(project.resolve("slurm/jobs"));
        Files.writeString(project.resolve("slurm/jobs/optimizer_v5.jobid"), "115\n");
        slurm.add("115").state = "RUNNING";
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "113", false);
        w.submitted(Origin.console(), "study_exit_params", "114", false);
        w.pollOnce();
        List<JobStatus> rows = w.status();
        JobStatus p = rows.stream().filter(r -> r.jobId().equals("113")).findFirst().orElseThrow();
        assertEquals("U1", p.requester());
        assertEquals("PENDING", p.state());
        assertEquals("Resources", p.reason());
        assertEquals("https://slack.com/archives/C1/p1700000000123456", p.threadLink());
        JobStatus c = rows.stream().filter(r -> r.jobId().equals("114")).findFirst().orElseThrow();
        assertNull(c.threadLink());
        JobStatus f = rows.stream().filter(r -> r.jobId().equals("115")).findFirst().orElseThrow();
        assertEquals("jobfile", f.tracking());
        assertEquals("optimizer_v5", f.profile());
        assertEquals("RUNNING", f.state());
        assertEquals("115\n", Files.readString(project.resolve("slurm/jobs/optimizer_v5.jobid")), "read-only");
        // a console job gets notices too, a jobfile-only job does not
        assertEquals(1, sink.posted.size(), sink.texts().toString());
        assertEquals(Origin.console(), sink.posted.get(0).origin());
    }

    @Test
    void should_poll_often_after_a_change_and_slowly_for_quiet_jobs() throws IOException {
        Watcher w = open(Watcher.Options.defaults("/r", null), collector);
        slurm.add("116").state = "RUNNING";
        w.submitted(thread, "backtest_v5", "116", false);
        assertEquals(Duration.ofSeconds(3), w.nextInterval());
        clock.advance(Duration.ofMinutes(3));
        assertEquals(Duration.ofSeconds(18), w.nextInterval());
        clock.advance(Duration.ofHours(2));
        assertEquals(Duration.ofSeconds(60), w.nextInterval());
    }

    @Test
    void should_run_by_itself_once_started() throws Exception {
        FakeSlurm.Job job = slurm.add("117");
        job.state = "RUNNING";
        Watcher w = watcher();
        w.start();
        w.submitted(thread, "backtest_v5", "117", false);
        waitFor(() -> sink.posted.size() == 1);
        job.ends("COMPLETED");
        waitFor(() -> sink.posted.size() == 2);
        Thread.sleep(300);
        assertEquals(2, sink.posted.size());
    }

    @Test
    void should_stop_trying_an_end_notice_the_thread_keeps_refusing() throws IOException {
        FakeSlurm.Job job = slurm.add("118");
        job.ends("FAILED", "1:0");
        Watcher w = watcher();
        w.submitted(thread, "backtest_v5", "118", false);
        sink.failNext = 1000;
        for (int i = 0; i < Watcher.MAX_FAILED_POSTS + 5; i++) w.pollOnce();
        assertTrue(!w.status().get(0).active(), "given up, no longer polled");
        slurm.commands.clear();
        w.pollOnce();
        assertEquals(0, slurm.commands.size());
    }

    static void waitFor(java.util.function.BooleanSupplier cond) {
        long end = System.currentTimeMillis() + 5000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("condition not met in 5 s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-02-24T14:30:52Z");

        void advance(Duration d) { now = now.plus(d); }
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
