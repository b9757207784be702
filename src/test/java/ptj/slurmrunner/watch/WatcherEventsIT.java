package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event mode on the real dev cluster: a job with the templates' marker block → marker → notice in seconds, with no
 * squeue in between; scancel → TERM trap → end marker → notice; an ssh drop while the loop runs. The shared
 * slurmctld is never restarted here (faults.bats has the opt-in FAULT_REAL_SLURMCTLD=1 test for that).
 */
class WatcherEventsIT {
    static DevCluster cluster;
    static WatchBench bench;

    @BeforeAll
    static void up() throws Exception {
        cluster = new DevCluster();
        bench = new WatchBench(cluster, Path.of(".").toAbsolutePath());
    }

    @AfterAll
    static void down() throws Exception {
        if (bench != null) bench.opened.forEach(Watcher::close);
        if (cluster != null) cluster.close();
    }

    @Test
    void should_post_the_end_notice_within_seconds_of_sacct_end_with_no_squeue_while_it_runs() throws Exception {
        Path project = Files.createTempDirectory("watch-eit");
        WatchBench.TimedSink sink = new WatchBench.TimedSink();
        CountingExecutor exec = new CountingExecutor(new SshjExecutor(DevCluster.settings()));
        Watcher w = bench.watcher(true, project, exec, sink);
        w.start();
        List<String> ids = bench.submit("it", 2, 8, false, project, new Random(1),
                id -> w.submitted(WatchBench.THREAD, "wb" + id, id, false));
        WatcherTest.waitFor(w::eventsActive);
        long deadline = System.currentTimeMillis() + 90_000;
        while (sink.start.size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        while (sink.end.size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertEquals(2, sink.end.size(), "both end notices");
        Map<String, long[]> t = bench.startEnd(ids);
        for (String id : ids) {
            double endLatency = (sink.end.get(id) - t.get(id)[1]) / 1000.0;
            double startLatency = (sink.start.get(id) - t.get(id)[0]) / 1000.0;
            System.out.printf("job %s: start notice %.2f s after Start, end notice %.2f s after End%n", id,
                    startLatency, endLatency);
            assertTrue(endLatency < 6.0, "end notice " + endLatency + " s after sacct End");
            assertTrue(startLatency < 6.0, "start notice " + startLatency + " s after sacct Start");
        }
        // the one poll a submit triggers (its state and reason early), nothing else while the jobs run
        assertTrue(exec.count("squeue") <= 1, "no squeue while they run: " + exec.commands);
        assertTrue(exec.count("sacct") <= 1 + 6, "a few sacct for the ends: " + exec.commands);
        w.close();
    }

    @Test
    void should_report_a_scancel_through_the_term_trap() throws Exception {
        Path project = Files.createTempDirectory("watch-eit");
        WatchBench.TimedSink sink = new WatchBench.TimedSink();
        RecordingSink texts = new RecordingSink();
        CountingExecutor exec = new CountingExecutor(new SshjExecutor(DevCluster.settings()));
        Watcher w = bench.watcher(true, project, exec, (o, r) -> {
            sink.notice(o, r);
            texts.notice(o, r);
        });
        w.start();
        String id = bench.submit("cx", 1, 120, false, project, new Random(2),
                j -> w.submitted(WatchBench.THREAD, "wb" + j, j, false)).get(0);
        long deadline = System.currentTimeMillis() + 60_000;
        while (sink.start.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        long cancelledAt = System.currentTimeMillis();
        cluster.scancel(id);
        while (sink.end.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertTrue(!sink.end.isEmpty(), "cancel notice");
        double s = (sink.end.get(id) - cancelledAt) / 1000.0;
        System.out.printf("scancel → notice %.2f s%n", s);
        assertTrue(s < 8, "seconds, not a poll interval: " + s);
        String marker = cluster.ssh.exec("cat " + cluster.remoteDir + "/runs/cx0-20260224-000000/.slurm-runner/marker."
                + id).stdout();
        assertTrue(marker.contains("end 143 "), "TERM trapped: " + marker);
        assertTrue(texts.texts().stream().anyMatch(x -> x.contains("CANCELLED")), texts.texts().toString());
        w.close();
    }

    @Test
    void should_survive_an_ssh_drop_while_the_loop_runs() throws Exception {
        Path project = Files.createTempDirectory("watch-eit");
        WatchBench.TimedSink sink = new WatchBench.TimedSink();
        SshjExecutor ssh = new SshjExecutor(DevCluster.settings());
        CountingExecutor exec = new CountingExecutor(ssh);
        Watcher w = bench.watcher(true, project, exec, sink);
        w.start();
        String id = bench.submit("dr", 1, 12, false, project, new Random(3),
                j -> w.submitted(WatchBench.THREAD, "wb" + j, j, false)).get(0);
        WatcherTest.waitFor(w::eventsActive);
        ssh.dropConnection("test: network drop");
        long deadline = System.currentTimeMillis() + 90_000;
        while (sink.end.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertTrue(sink.end.containsKey(id), "the end notice still came");
        assertTrue(ssh.connects() >= 2, "reconnected");
        WatcherTest.waitFor(() -> w.lastHealthy() != null);
        w.close();
    }

    /**
     * Opt-in (WATCH_IT_REAL_SLURMCTLD=1, as faults.bats' FAULT_REAL_SLURMCTLD): restarts the dev cluster's shared
     * slurmctld while a job runs; its end still comes from the marker and sacct.
     */
    @Test
    void should_survive_a_real_slurmctld_restart_when_asked() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("1".equals(System.getenv("WATCH_IT_REAL_SLURMCTLD")),
                "set WATCH_IT_REAL_SLURMCTLD=1 (restarts the shared slurmctld for a few seconds)");
        Path project = Files.createTempDirectory("watch-eit");
        WatchBench.TimedSink sink = new WatchBench.TimedSink();
        Watcher w = bench.watcher(true, project, new CountingExecutor(new SshjExecutor(DevCluster.settings())), sink);
        w.start();
        String id = bench.submit("rs", 1, 20, false, project, new Random(4),
                j -> w.submitted(WatchBench.THREAD, "wb" + j, j, false)).get(0);
        WatcherTest.waitFor(w::eventsActive);
        Process p = new ProcessBuilder("scripts/dev-cluster.sh", "restart", "slurmctld").inheritIO().start();
        assertEquals(0, p.waitFor(), "restart slurmctld");
        long deadline = System.currentTimeMillis() + 120_000;
        while (sink.end.isEmpty() && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertTrue(sink.end.containsKey(id), "end notice after a controller restart");
        w.close();
    }
}
