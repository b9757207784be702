package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/**
 * The watcher against the real dev cluster (scripts/dev-cluster.sh up). Jobs are submitted straight with sbatch
 * over the test's own ssh connection; the watcher under test has its own connection, counted. The 1-minute
 * time-limit job is submitted first and checked last, so its wait overlaps the other tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatcherIT {
    static DevCluster cluster;
    static final List<Long> latenciesMs = Collections.synchronizedList(new ArrayList<>());
    static final List<String> report = Collections.synchronizedList(new ArrayList<>());
    static final List<Watcher> opened = Collections.synchronizedList(new ArrayList<>());
    static final Origin THREAD = new Origin("U-IT", "C-IT", "1764130000.000100");

    static String timeoutJob;
    static long timeoutSubmittedAt;
    static RecordingSink timeoutSink;

    @BeforeAll
    static void up() throws IOException {
        cluster = new DevCluster();
        timeoutSink = new RecordingSink();
        Watcher w = watcher(Files.createTempDirectory("watch-it-state"), new CountingExecutor(new SshjExecutor(DevCluster.settings())),
                timeoutSink);
        w.start();
        timeoutSubmittedAt = System.currentTimeMillis();
        timeoutJob = cluster.sbatch("timeout", "--mem=20M --time=00:01:00", "echo start; sleep 120; echo never");
        w.submitted(THREAD, "timeout_it", timeoutJob, false);
    }

    @AfterAll
    static void down() throws IOException {
        opened.forEach(Watcher::close);
        List<Long> sorted = new ArrayList<>(latenciesMs);
        Collections.sort(sorted);
        if (!sorted.isEmpty()) {
            report.add(String.format(Locale.ROOT, "notice latency after job end (ms, sacct End has 1 s resolution): "
                    + "median %d, min %d, max %d, n=%d, all %s", sorted.get(sorted.size() / 2), sorted.get(0),
                    sorted.get(sorted.size() - 1), sorted.size(), sorted));
        }
        Path out = Path.of("target/watch-it-report.txt");
        Files.createDirectories(out.getParent());
        Files.write(out, report);
        report.forEach(System.out::println);
        if (cluster != null) cluster.close();
    }

    static Watcher watcher(Path state, RemoteExecutor exec, RecordingSink sink) throws IOException {
        Watcher.Options o = Watcher.Options.defaults(cluster.remoteDir, null)
                .withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withPendingNoticeAfter(Duration.ofMinutes(10));
        Watcher w = new Watcher(new SlurmPoller(exec), exec, sink, new LogDiagnoser(), JobCollector.NONE, state, o,
                Clock.systemUTC());
        opened.add(w);
        return w;
    }

    static Watcher started(RecordingSink sink) throws IOException {
        Watcher w = watcher(Files.createTempDirectory("watch-it-state"),
                new CountingExecutor(new SshjExecutor(DevCluster.settings())), sink);
        w.start();
        return w;
    }

    static void waitFor(String what, Duration max, BooleanSupplier cond) throws InterruptedException {
        long end = System.currentTimeMillis() + max.toMillis();
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(200);
        }
    }

    static RecordingSink.Posted noticeStarting(RecordingSink sink, String prefix) {
        synchronized (sink.posted) {
            return sink.posted.stream().filter(p -> p.reply().text().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    static void latency(RecordingSink sink, String prefix, String jobId) throws IOException {
        long ms = noticeStarting(sink, prefix).atMillis() - cluster.endMillis(jobId);
        latenciesMs.add(ms);
    }

    @Test
    @Order(1)
    void should_post_running_and_completed_with_an_efficiency_line() throws Exception {
        RecordingSink sink = new RecordingSink();
        Watcher w = started(sink);
        String id = cluster.sbatch("complete", "--mem=200M --time=00:05:00",
                "echo start\npython3 -c 'import time\nt=time.time()\nwhile time.time()-t<6: pass'\nsleep 4\necho done");
        w.submitted(THREAD, "complete_it", id, false);
        waitFor("COMPLETED notice", Duration.ofMinutes(2), () -> sink.count("[Job 완료]") == 1);
        Thread.sleep(3000);
        assertEquals(1, sink.count("[Job 실행 시작]"), sink.texts().toString());
        assertEquals(1, sink.count("[Job 완료]"), sink.texts().toString());
        String done = noticeStarting(sink, "[Job 완료]").reply().text();
        assertTrue(done.contains("효율: CPU"), done);
        assertTrue(done.contains("최대 메모리"), done);
        assertTrue(done.contains("요청 200M"), done);
        assertEquals(THREAD, sink.posted.get(0).origin());
        latency(sink, "[Job 완료]", id);
        report.add("completed notice: " + done.replace("\n", " | "));
    }

    @Test
    @Order(2)
    void should_report_a_python_exception_with_the_exception_line() throws Exception {
        RecordingSink sink = new RecordingSink();
        Watcher w = started(sink);
        String py = cluster.remoteDir + "/raise_it.py";
        String id = cluster.sbatch("raise", "--mem=100M --time=00:05:00",
                "cat > " + py + " <<'PY'\nimport time\n\ndef load():\n    raise ValueError('watch-it boom')\n\n"
                        + "time.sleep(3)\nload()\nPY\npython3 " + py);
        w.submitted(THREAD, "raise_it", id, false);
        waitFor("FAILED notice", Duration.ofMinutes(2), () -> sink.count("[Job 실패]") == 1);
        String t = noticeStarting(sink, "[Job 실패]").reply().text();
        assertTrue(t.contains("ValueError: watch-it boom"), t);
        assertTrue(t.contains(py + ":4 (load)"), t);
        assertTrue(t.contains("원인: Python 코드에서 예외"), t);
        assertEquals(List.of("act:log:raise_it:" + id, "act:recover:raise_it:" + id),
                noticeStarting(sink, "[Job 실패]").reply().choices().stream().map(c -> c.id()).toList());
        latency(sink, "[Job 실패]", id);
        report.add("failed notice: " + t.replace("\n", " | "));
    }

    @Test
    @Order(3)
    void should_diagnose_a_job_over_its_memory() throws Exception {
        RecordingSink sink = new RecordingSink();
        Watcher w = started(sink);
        String id = cluster.sbatch("oom", "--mem=64M --time=00:05:00",
                "python3 -c 'import time\nb = bytearray(b\"x\") * (400*1024*1024)\ntime.sleep(30)'");
        w.submitted(THREAD, "oom_it", id, false);
        waitFor("end notice", Duration.ofMinutes(2), () -> sink.posted.stream().anyMatch(p -> p.reply().text().contains("상태:")));
        String t = sink.posted.stream().map(p -> p.reply().text()).filter(x -> x.contains("상태:")).findFirst().orElseThrow();
        assertTrue(t.contains("메모리 한도를 넘어"), t);
        report.add("oom notice: " + t.replace("\n", " | "));
        latency(sink, t.substring(0, t.indexOf(']') + 1), id);
    }

    @Test
    @Order(4)
    void should_report_cancelled_by_whom_after_an_outside_scancel() throws Exception {
        RecordingSink sink = new RecordingSink();
        Watcher w = started(sink);
        String id = cluster.sbatch("cancel", "--mem=20M --time=00:05:00", "sleep 300");
        w.submitted(THREAD, "cancel_it", id, false);
        waitFor("RUNNING notice", Duration.ofMinutes(1), () -> sink.count("[Job 실행 시작]") == 1);
        cluster.scancel(id);
        waitFor("CANCELLED notice", Duration.ofMinutes(1), () -> sink.count("[Job 취소됨]") == 1);
        String t = noticeStarting(sink, "[Job 취소됨]").reply().text();
        assertTrue(t.contains("취소한 사람: root (uid 0)"), t);
        latency(sink, "[Job 취소됨]", id);
        report.add("cancelled notice: " + t.replace("\n", " | "));
    }

    @Test
    @Order(5)
    void should_tell_why_a_job_waits_with_the_expected_start() throws Exception {
        RecordingSink sink = new RecordingSink();
        Watcher.Options o = Watcher.Options.defaults(cluster.remoteDir, null)
                .withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withPendingNoticeAfter(Duration.ofSeconds(2));
        CountingExecutor exec = new CountingExecutor(new SshjExecutor(DevCluster.settings()));
        Watcher w = new Watcher(new SlurmPoller(exec), exec, sink, new LogDiagnoser(), JobCollector.NONE,
                Files.createTempDirectory("watch-it-state"), o, Clock.systemUTC());
        opened.add(w);
        w.start();
        String id = cluster.sbatch("pending", "--mem=20M --time=00:05:00 --begin=now+600", "true");
        w.submitted(THREAD, "pending_it", id, false);
        waitFor("PENDING notice", Duration.ofSeconds(30), () -> sink.count("[Job 대기 중]") == 1);
        Thread.sleep(3000);
        assertEquals(1, sink.posted.size(), sink.texts().toString());
        String t = sink.texts().get(0);
        assertTrue(t.contains("사유: BeginTime"), t);
        assertTrue(t.contains("예상 시작: 20"), t);
        JobStatus row = w.status().get(0);
        assertEquals("PENDING", row.state());
        assertEquals("BeginTime", row.reason());
        assertEquals("https://slack.com/archives/C-IT/p1764130000000100", row.threadLink());
        cluster.scancel(id);
        report.add("pending notice: " + t.replace("\n", " | "));
    }

    @Test
    @Order(5)
    void should_notify_once_when_the_watcher_restarts_mid_job() throws Exception {
        RecordingSink sink = new RecordingSink(); // one Slack thread, seen by both processes
        Path state = Files.createTempDirectory("watch-it-state");
        Watcher first = watcher(state, new CountingExecutor(new SshjExecutor(DevCluster.settings())), sink);
        first.start();
        String id = cluster.sbatch("restart", "--mem=20M --time=00:05:00", "sleep 15");
        first.submitted(THREAD, "restart_it", id, false);
        waitFor("RUNNING notice", Duration.ofMinutes(1), () -> sink.count("[Job 실행 시작]") == 1);
        first.close(); // the bot dies
        Thread.sleep(2000);
        Watcher second = watcher(state, new CountingExecutor(new SshjExecutor(DevCluster.settings())), sink);
        second.start(); // nobody calls submitted() again: the store alone brings the job back
        waitFor("COMPLETED notice", Duration.ofMinutes(1), () -> sink.count("[Job 완료]") == 1);
        Thread.sleep(4000);
        assertEquals(1, sink.count("[Job 실행 시작]"), sink.texts().toString());
        assertEquals(1, sink.count("[Job 완료]"), sink.texts().toString());
        assertEquals(2, sink.posted.size(), sink.texts().toString());
        latency(sink, "[Job 완료]", id);
    }

    @Test
    @Order(6)
    void should_issue_one_squeue_and_at_most_one_sacct_per_poll_with_1_and_50_jobs() throws Exception {
        for (int n : new int[] {1, 50}) {
            RecordingSink sink = new RecordingSink();
            SshjExecutor ssh = new SshjExecutor(DevCluster.settings());
            CountingExecutor exec = new CountingExecutor(ssh);
            Watcher w = watcher(Files.createTempDirectory("watch-it-state"), exec, sink);
            w.start();
            List<String> ids = cluster.sbatchMany("many" + n, n, "--mem=10M --time=00:05:00", "sleep 6");
            for (String id : ids) w.submitted(THREAD, "many_it", id, false);
            waitFor(n + " end notices", Duration.ofMinutes(4), () -> sink.count("[Job 완료]") == n);
            long connects = ssh.connects();
            w.close();
            List<String> cmds;
            synchronized (exec.commands) {
                cmds = new ArrayList<>(exec.commands);
            }
            int polls = 0;
            int maxSacctPerPoll = 0;
            int sacctThisPoll = 0;
            for (String c : cmds) {
                if (c.startsWith("squeue")) {
                    polls++;
                    sacctThisPoll = 0;
                } else if (c.startsWith("sacct")) {
                    sacctThisPoll++;
                    maxSacctPerPoll = Math.max(maxSacctPerPoll, sacctThisPoll);
                } else {
                    throw new AssertionError("unexpected command " + c);
                }
            }
            assertEquals(polls, w.polls(), "one squeue per poll");
            assertTrue(maxSacctPerPoll <= 1, "sacct per poll " + maxSacctPerPoll);
            assertEquals(n, sink.count("[Job 완료]"));
            report.add(String.format(Locale.ROOT,
                    "%d tracked jobs: %d polls, %d squeue, %d sacct, max sacct in one poll %d, ssh connects %d",
                    n, polls, exec.count("squeue"), exec.count("sacct"), maxSacctPerPoll, connects));
            assertEquals(1, connects, "one persistent connection");
        }
    }

    @Test
    @Order(6)
    void should_not_call_a_job_finished_when_a_query_fails() throws Exception {
        RecordingSink sink = new RecordingSink();
        SshjExecutor ssh = new SshjExecutor(DevCluster.settings());
        CountingExecutor exec = new CountingExecutor(ssh);
        Watcher w = watcher(Files.createTempDirectory("watch-it-state"), exec, sink); // polled by hand, not started
        String id = cluster.sbatch("flaky", "--mem=20M --time=00:05:00", "sleep 4");
        w.submitted(THREAD, "flaky_it", id, false);
        waitFor("RUNNING notice", Duration.ofMinutes(1), () -> {
            w.pollOnce();
            return sink.count("[Job 실행 시작]") == 1;
        });
        waitFor("job end on the cluster", Duration.ofMinutes(1), () -> {
            try {
                return cluster.state(id).equals("COMPLETED");
            } catch (IOException e) {
                return false;
            }
        });
        exec.breakNextSqueue = 1;
        w.pollOnce();
        assertEquals(1, sink.posted.size(), "one failed query: no conclusion, no notice " + sink.texts());
        assertEquals("RUNNING", w.status().get(0).state());
        exec.breakNextSqueue = 1;
        w.pollOnce();
        exec.breakNextSqueue = 1;
        w.pollOnce();
        assertEquals(2, sink.posted.size(), sink.texts().toString());
        assertTrue(sink.texts().get(1).startsWith("연결 끊김, 재시도 중"), sink.texts().toString());
        assertEquals("RUNNING", w.status().get(0).state());
        ssh.dropConnection("test: network drop");
        w.pollOnce();
        assertEquals(2, ssh.connects(), "reconnected after the drop");
        assertTrue(sink.texts().get(2).startsWith("연결 복구"), sink.texts().toString());
        assertTrue(sink.texts().get(3).startsWith("[Job 완료]"), sink.texts().toString());
        w.pollOnce();
        assertEquals(4, sink.posted.size(), sink.texts().toString());
    }

    @Test
    @Order(7)
    void should_collect_a_full_job_by_itself() throws Exception {
        RecordingSink sink = new RecordingSink();
        List<String> collected = Collections.synchronizedList(new ArrayList<>());
        JobCollector collector = (profile, jobId) -> {
            // stands in for the pipeline's make slurm-collect; checks the job really ended first
            collected.add(profile + ":" + jobId + ":" + cluster.state(jobId));
            return new CollectResult(true, null, null, List.of("data/results/backtests/"),
                    List.of("slurm/logs/" + jobId + ".out", "slurm/logs/" + jobId + ".err"), "runs/full_it-x", true);
        };
        Watcher.Options o = Watcher.Options.defaults(cluster.remoteDir, null)
                .withIntervals(Duration.ofSeconds(1), Duration.ofSeconds(2));
        CountingExecutor exec = new CountingExecutor(new SshjExecutor(DevCluster.settings()));
        Watcher w = new Watcher(new SlurmPoller(exec), exec, sink, new LogDiagnoser(), collector,
                Files.createTempDirectory("watch-it-state"), o, Clock.systemUTC());
        opened.add(w);
        w.start();
        String ok = cluster.sbatch("full", "--mem=20M --time=00:05:00", "sleep 3; echo result");
        String bad = cluster.sbatch("fullbad", "--mem=20M --time=00:05:00", "sleep 3; exit 2");
        w.submitted(THREAD, "full_it", ok, true);
        w.submitted(THREAD, "fullbad_it", bad, true);
        waitFor("[결과 수집 완료]", Duration.ofMinutes(1), () -> sink.count("[결과 수집 완료]") == 1);
        waitFor("FAILED notice", Duration.ofMinutes(1), () -> sink.count("[Job 실패]") == 1);
        Thread.sleep(3000);
        assertEquals(List.of("full_it:" + ok + ":COMPLETED"), collected, "only the completed job is collected");
        assertEquals(1, sink.count("[결과 수집 완료]"));
    }

    @Test
    @Order(8)
    void should_measure_notice_latency_with_the_default_intervals() throws Exception {
        List<Long> lat = new ArrayList<>();
        List<RecordingSink> sinks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int secs : new int[] {5, 20, 45}) {
            RecordingSink sink = new RecordingSink();
            Watcher.Options o = Watcher.Options.defaults(cluster.remoteDir, null); // 3 s .. 60 s
            CountingExecutor exec = new CountingExecutor(new SshjExecutor(DevCluster.settings()));
            Watcher w = new Watcher(new SlurmPoller(exec), exec, sink, new LogDiagnoser(), JobCollector.NONE,
                    Files.createTempDirectory("watch-it-state"), o, Clock.systemUTC());
            opened.add(w);
            w.start();
            String id = cluster.sbatch("lat" + secs, "--mem=20M --time=00:05:00", "sleep " + secs);
            w.submitted(THREAD, "lat_it", id, false);
            sinks.add(sink);
            ids.add(id);
        }
        for (int i = 0; i < ids.size(); i++) {
            RecordingSink sink = sinks.get(i);
            waitFor("COMPLETED notice", Duration.ofMinutes(3), () -> sink.count("[Job 완료]") == 1);
            lat.add(noticeStarting(sink, "[Job 완료]").atMillis() - cluster.endMillis(ids.get(i)));
        }
        report.add("default intervals (3..60 s), jobs of 5/20/45 s: notice latency after end (ms) " + lat);
        for (long l : lat) assertTrue(l < 10_000, "latency " + l);
    }

    @Test
    @Order(9)
    void should_report_timeout_for_a_one_minute_limit() throws Exception {
        waitFor("TIMEOUT notice", Duration.ofMinutes(4), () -> timeoutSink.count("[Job 시간 초과]") == 1);
        String t = noticeStarting(timeoutSink, "[Job 시간 초과]").reply().text();
        assertTrue(t.contains("요청한 실행 시간(TIME)을 넘어"), t);
        long toNotice = noticeStarting(timeoutSink, "[Job 시간 초과]").atMillis() - timeoutSubmittedAt;
        latency(timeoutSink, "[Job 시간 초과]", timeoutJob);
        report.add(String.format(Locale.ROOT, "timeout job (--time=00:01:00, sleep 120): notice %.1f s after submit",
                toNotice / 1000.0));
        report.add("timeout notice: " + t.replace("\n", " | "));
    }
}
