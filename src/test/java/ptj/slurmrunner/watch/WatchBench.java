package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.LogDiagnoser;

/**
 * Today's poller and the event watcher side by side on the SAME jobs of the dev cluster: notice latency after
 * sacct's Start/End, and scheduler queries while nothing changes (server side: sdiag at slurmctld, sacctmgr show
 * stats at slurmdbd; client side: commands each watcher sent). The cluster runs on this machine, so sacct's times
 * and the notice times come from one clock. Rows in scripts/bench.sh's TSV format on stdout.
 *
 * <p>Usage: WatchBench REPO JOBS LENGTHS_S QUIET_S SIZES — e.g. {@code . 10 10 60 1,200}; lengths like
 * {@code 10,180,1200} (the long ones only when asked: BENCH_WATCH_LONG=1 in bench.sh).
 */
public final class WatchBench {
    static final Pattern JOB = Pattern.compile("\\(Job ([0-9]+)\\)");
    static final Origin THREAD = new Origin("U-BENCH", "C-BENCH", "1764130000.000200");

    /** Notice times per job, bot clock (this machine). */
    static final class TimedSink implements NoticeSink {
        final Map<String, Long> start = new ConcurrentHashMap<>();
        final Map<String, Long> end = new ConcurrentHashMap<>();

        @Override
        public void notice(Origin origin, Reply reply) {
            long now = System.currentTimeMillis();
            Matcher m = JOB.matcher(reply.text());
            if (!m.find()) return;
            if (reply.text().startsWith("[Job 실행 시작]")) start.putIfAbsent(m.group(1), now);
            else if (!reply.text().startsWith("[Job 대기 중]")) end.putIfAbsent(m.group(1), now);
        }
    }

    final DevCluster cluster;
    final Path repo;
    final List<Watcher> opened = new ArrayList<>();

    WatchBench(DevCluster cluster, Path repo) {
        this.cluster = cluster;
        this.repo = repo;
    }

    /** The templates' marker block with RUN_DIR filled in: what a job of the product runs. */
    static String markerBlock(Path repo, String runDirAbs) throws IOException {
        List<String> lines = Files.readAllLines(repo.resolve("slurm/templates/nocontainer.sbatch"));
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String l : lines) {
            if (l.startsWith("# slurm-runner start/end markers")) in = true;
            if (in) b.append(l.replace("{{RUN_DIR}}", runDirAbs)).append('\n');
            if (in && l.startsWith("trap ") && l.endsWith("TERM")) break;
        }
        if (b.isEmpty()) throw new IOException("no marker block in nocontainer.sbatch");
        return b.toString();
    }

    /** A watcher on its own counted ssh connection; {@code events} false = today's poller. */
    Watcher watcher(boolean events, Path project, CountingExecutor exec, NoticeSink sink) throws IOException {
        Watcher.Options o = Watcher.Options.defaults(cluster.remoteDir, project)
                .withPendingNoticeAfter(Duration.ofHours(1));
        Watcher w = new Watcher(new SlurmPoller(exec), exec, sink, new LogDiagnoser(), JobCollector.NONE,
                Files.createTempDirectory("watch-bench-state"), o, Clock.systemUTC());
        if (events) w.enableEvents(Duration.ofMinutes(5), Duration.ofSeconds(1));
        opened.add(w);
        return w;
    }

    /** Submits {@code n} jobs of about {@code seconds} each (staggered), each with its run dir and markers. */
    List<String> submit(String tag, int n, int seconds, boolean hold, Path project, Random rnd) throws IOException {
        return submit(tag, n, seconds, hold, project, rnd, id -> { });
    }

    /**
     * Held jobs go in one ssh command; running ones one by one, {@code each} told right after its sbatch answered
     * (as the bot tells its watcher), with 0–1.5 s between them so their ends fall anywhere in a poll interval.
     */
    List<String> submit(String tag, int n, int seconds, boolean hold, Path project, Random rnd,
                        java.util.function.Consumer<String> each) throws IOException {
        if (!hold) {
            List<String> ids = new ArrayList<>();
            Files.createDirectories(project.resolve("slurm/jobs"));
            for (int i = 0; i < n; i++) {
                String stamp = String.format(Locale.ROOT, "%s%d-20260224-%06d", tag, i, i);
                String run = cluster.remoteDir + "/runs/" + stamp;
                String body = "#!/bin/bash\n" + markerBlock(repo, run) + "sleep " + (seconds + rnd.nextInt(4))
                        + " &\nwait $!\n";
                String cmd = "set -e; mkdir -p " + run + "; cat > " + run + "/job.sh <<'WB_EOF'\n" + body + "WB_EOF\n"
                        + "sbatch --parsable -A default -p all -J wb-" + tag + " -c 1 --mem=20M"
                        + String.format(Locale.ROOT, " --time=00:%02d:00", Math.min(59, seconds / 60 + 3))
                        + " -o /dev/null -e /dev/null " + run + "/job.sh";
                RemoteExecutor.Result r = cluster.ssh.exec(cmd);
                String id = r.stdout().strip().split(";")[0];
                if (!id.matches("[0-9]+")) throw new IOException("sbatch answered " + r.stdout() + r.stderr());
                cluster.submitted.add(id);
                ids.add(id);
                Files.writeString(project.resolve("slurm/jobs/wb" + id + ".rundir"), "runs/" + stamp + "\n");
                each.accept(id);
                sleep((long) (rnd.nextDouble() * 1500));
            }
            return ids;
        }
        StringBuilder cmd = new StringBuilder("set -e; cd " + cluster.remoteDir + "; ");
        List<String> stamps = new ArrayList<>();
        String time = String.format(Locale.ROOT, " --time=00:%02d:00", Math.min(59, seconds / 60 + 3));
        if (hold) { // never runs: one script for all, but each job its own run dir for the loop to watch
            cmd.append("mkdir -p runs; printf '#!/bin/bash\\nsleep 1\\n' > runs/held.sh; ");
        }
        for (int i = 0; i < n; i++) {
            String stamp = String.format(Locale.ROOT, "%s%d-20260224-%06d", tag, i, i);
            stamps.add(stamp);
            String run = cluster.remoteDir + "/runs/" + stamp;
            cmd.append("mkdir -p ").append(run).append("; ");
            String script = run + "/job.sh";
            if (hold) {
                script = cluster.remoteDir + "/runs/held.sh";
            } else {
                String body = "#!/bin/bash\n" + markerBlock(repo, run) + "sleep " + (seconds + rnd.nextInt(4))
                        + " &\nwait $!\n";
                cmd.append("cat > ").append(script).append(" <<'WB_EOF'\n").append(body).append("WB_EOF\n");
                if (i > 0) cmd.append("sleep ").append(String.format(Locale.ROOT, "%.2f", rnd.nextDouble() * 1.5)).append("; ");
            }
            cmd.append("sbatch --parsable -A default -p all -J wb-").append(tag).append(" -c 1 --mem=20M").append(time)
                    .append(hold ? " --hold" : "").append(" -o /dev/null -e /dev/null ").append(script).append("\n");
        }
        RemoteExecutor.Result r = cluster.ssh.exec(cmd.toString());
        List<String> ids = r.stdout().lines().map(l -> l.strip().split(";")[0]).filter(l -> l.matches("[0-9]+")).toList();
        if (ids.size() != n) throw new IOException("submitted " + ids.size() + "/" + n + ": " + r.stderr());
        cluster.submitted.addAll(ids);
        Files.createDirectories(project.resolve("slurm/jobs"));
        for (int i = 0; i < n; i++) {
            Files.writeString(project.resolve("slurm/jobs/wb" + ids.get(i) + ".rundir"), "runs/" + stamps.get(i) + "\n");
        }
        return ids;
    }

    record Latencies(List<Double> startS, List<Double> endS) {}

    /** Both watchers follow the same jobs from submit to end; latencies in seconds after sacct's Start/End. */
    Map<String, Latencies> latency(int n, int seconds, Random rnd) throws Exception {
        Path project = Files.createTempDirectory("watch-bench-proj");
        TimedSink pollSink = new TimedSink(), eventSink = new TimedSink();
        Watcher poll = watcher(false, project, new CountingExecutor(new SshjExecutor(DevCluster.settings())), pollSink);
        Watcher events = watcher(true, project, new CountingExecutor(new SshjExecutor(DevCluster.settings())), eventSink);
        poll.start();
        events.start();
        List<String> ids = submit("l" + seconds + "x", n, seconds, false, project, rnd, id -> {
            poll.submitted(THREAD, "wb" + id, id, false);
            events.submitted(THREAD, "wb" + id, id, false);
        });
        long deadline = System.currentTimeMillis() + (seconds + 120L) * 1000 + n * 2000L;
        while (System.currentTimeMillis() < deadline
                && (pollSink.end.size() < n || eventSink.end.size() < n)) {
            Thread.sleep(200);
        }
        Map<String, long[]> times = startEnd(ids);
        Map<String, Latencies> out = new HashMap<>();
        out.put("poll", latencies(times, pollSink));
        out.put("events", latencies(times, eventSink));
        poll.close();
        events.close();
        return out;
    }

    private static Latencies latencies(Map<String, long[]> times, TimedSink sink) {
        List<Double> s = new ArrayList<>(), e = new ArrayList<>();
        times.forEach((id, t) -> {
            if (sink.start.containsKey(id)) s.add((sink.start.get(id) - t[0]) / 1000.0);
            if (sink.end.containsKey(id)) e.add((sink.end.get(id) - t[1]) / 1000.0);
        });
        return new Latencies(s, e);
    }

    /** sacct Start and End as epoch millis (this machine's time zone: the dev cluster runs here). */
    Map<String, long[]> startEnd(List<String> ids) throws IOException {
        Map<String, long[]> out = new HashMap<>();
        for (int attempt = 0; attempt < 10 && out.size() < ids.size(); attempt++) {
            String o = cluster.ssh.exec("sacct -X -P -n -j " + String.join(",", ids) + " -o JobID,Start,End").stdout();
            for (String l : o.lines().toList()) {
                String[] f = l.split("\\|");
                if (f.length < 3 || !f[2].matches("[0-9]{4}-.*")) continue;
                out.put(f[0], new long[] {epoch(f[1]), epoch(f[2])});
            }
            if (out.size() < ids.size()) sleep(1000);
        }
        return out;
    }

    static long epoch(String sacctTime) {
        return LocalDateTime.parse(sacctTime).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
    }

    /** Scheduler RPC counters now: [slurmctld job-info RPCs, slurmdbd DBD_GET_JOBS_COND]. */
    long[] serverCounters() throws IOException {
        String sdiag = cluster.ssh.exec("sdiag").stdout();
        String dbd = cluster.ssh.exec("sacctmgr -n show stats").stdout();
        return new long[] {sum(sdiag, "REQUEST_JOB_INFO|REQUEST_JOB_INFO_SINGLE|REQUEST_JOB_USER_INFO"),
            sum(dbd, "DBD_GET_JOBS_COND")};
    }

    private static long sum(String text, String names) {
        long total = 0;
        Matcher m = Pattern.compile("^\\s*(" + names + ")\\s+\\(\\s*[0-9]+\\)\\s+count:([0-9]+)", Pattern.MULTILINE)
                .matcher(text);
        // only the "by message type" section: it comes first, the per-user section has no such names
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) if (seen.add(m.group(1))) total += Long.parseLong(m.group(2));
        return total;
    }

    record Quiet(double ctldPerMin, double dbdPerMin, double clientPerMin) {}

    /** One watcher follows {@code ids} (held, so nothing changes) for {@code seconds} after a warm-up. */
    Quiet quiet(boolean events, List<String> ids, Path project, int seconds) throws Exception {
        CountingExecutor exec = new CountingExecutor(new SshjExecutor(DevCluster.settings()));
        Watcher w = watcher(events, project, exec, new TimedSink());
        w.start();
        for (String id : ids) w.submitted(THREAD, "wb" + id, id, false);
        long warm = System.currentTimeMillis() + 8000;
        while (System.currentTimeMillis() < warm || (events && !w.eventsActive())) {
            if (System.currentTimeMillis() > warm + 30_000) break;
            Thread.sleep(200);
        }
        exec.commands.clear();
        long[] before = serverCounters();
        Thread.sleep(seconds * 1000L);
        long[] after = serverCounters();
        long client = exec.count("squeue") + exec.count("sacct");
        w.close();
        double perMin = 60.0 / seconds;
        // our own two counter reads (sdiag, sacctmgr) are not job queries; nothing to subtract
        return new Quiet((after[0] - before[0]) * perMin, (after[1] - before[1]) * perMin, client * perMin);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static double pct(List<Double> v, double p) {
        if (v.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
    }

    /** A row for scripts/bench.sh: measurement, rtt, variant, median, min, max, unit, ssh, rsync, bytes, n. */
    static void row(String measurement, String variant, double median, double min, double max, String unit, int n) {
        System.out.printf(Locale.ROOT, "%s\t-\t%s\t%.2f\t%.2f\t%.2f\t%s\t\t\t\t%d%n", measurement, variant, median, min,
                max, unit, n);
        System.out.flush();
    }

    static void latencyRows(String what, Map<String, Latencies> l, boolean end) {
        for (String v : new String[] {"poll", "events"}) {
            List<Double> x = end ? l.get(v).endS() : l.get(v).startS();
            String variant = v.equals("events") ? "product" : "naive";
            row(what + ": median", variant, pct(x, 50), pct(x, 0), pct(x, 100), "s", x.size());
            row(what + ": p95", variant, pct(x, 95), pct(x, 0), pct(x, 100), "s", x.size());
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int jobs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String lengths = args.length > 2 ? args[2] : "10";
        int quietS = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        String sizes = args.length > 4 ? args[4] : "1,200";
        Random rnd = new Random(15);
        try (DevCluster cluster = new DevCluster()) {
            WatchBench b = new WatchBench(cluster, repo);
            try {
                for (String len : lengths.split(",")) {
                    int s = Integer.parseInt(len.strip());
                    System.err.println("bench: watch latency, " + jobs + " jobs of ~" + s + " s, both watchers");
                    Map<String, Latencies> l = b.latency(jobs, s, rnd);
                    latencyRows("job notice after sacct End, " + s + " s jobs", l, true);
                    latencyRows("start notice after sacct Start, " + s + " s jobs", l, false);
                }
                for (String size : sizes.split(",")) {
                    int k = Integer.parseInt(size.strip());
                    Path project = Files.createTempDirectory("watch-bench-quiet");
                    List<String> held = b.submit("q" + k + "x", k, 60, true, project, rnd);
                    for (boolean events : new boolean[] {false, true}) {
                        System.err.println("bench: quiet " + quietS + " s, " + k + " held jobs, " + (events ? "events" : "poll"));
                        Quiet q = b.quiet(events, held, project, quietS);
                        String variant = events ? "product" : "naive";
                        String m = "scheduler queries/min while nothing changes, " + k + " tracked";
                        row(m + ": slurmctld job-info RPCs (sdiag, whole cluster)", variant, q.ctldPerMin(), q.ctldPerMin(), q.ctldPerMin(), "/min", 1);
                        row(m + ": slurmdbd DBD_GET_JOBS_COND (whole cluster)", variant, q.dbdPerMin(), q.dbdPerMin(), q.dbdPerMin(), "/min", 1);
                        row(m + ": squeue+sacct sent by this watcher", variant, q.clientPerMin(), q.clientPerMin(), q.clientPerMin(), "/min", 1);
                    }
                    cluster.ssh.exec("scancel " + String.join(" ", held) + " 2>/dev/null; true");
                }
            } finally {
                b.opened.forEach(Watcher::close);
            }
        }
        System.exit(0);
    }
}
