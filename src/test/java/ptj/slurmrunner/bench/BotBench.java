package ptj.slurmrunner.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.slack.SlackAckBench;

/**
 * The bot's rows of {@code make bench}: Slack ack latency (HTTP and Socket Mode, bursts of 200), rule-parser time per
 * message, message → first reply through the real pipeline, start-to-ready and idle RSS of {@code bin/slurm-runner
 * slack}. Prints one tab-separated row per figure (scripts/bench.sh's format): measurement, rtt, variant, median,
 * min, max, unit, ssh, rsync, bytes, n. Usage: BotBench N REPO_DIR
 */
public final class BotBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final int n;
    private final Path repo;

    private BotBench(int n, Path repo) {
        this.n = n;
        this.repo = repo;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path repo = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath();
        BotBench b = new BotBench(n, repo);
        b.slackAcks();
        b.parseTime();
        b.classifierStart();
        b.firstReply();
        b.startToReady();
        System.exit(0);
    }

    private static void row(String measurement, String unit, List<Double> samples) {
        row(measurement, "product", unit, samples);
    }

    private static void row(String measurement, String variant, String unit, List<Double> samples) {
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
        System.out.printf(Locale.ROOT, "%s\t-\t%s\t%.3f\t%.3f\t%.3f\t%s\t\t\t\t%d%n", measurement, variant, median, s.get(0),
            s.get(s.size() - 1), unit, s.size());
        System.out.flush();
    }

    private static double percentile(List<Long> micros, double p) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, idx))) / 1000.0;
    }

    private void slackAcks() throws Exception {
        SlackAckBench.httpBurst(50, "warm"); // JIT and Bolt's first-request set-up are not what we measure
        List<Double> hMed = new ArrayList<>(), hP99 = new ArrayList<>(), sMed = new ArrayList<>(), sP99 = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Long> h = SlackAckBench.httpBurst(200, "h" + i);
            hMed.add(percentile(h, 50));
            hP99.add(percentile(h, 99));
            List<Long> s = SlackAckBench.socketBurst(200, "s" + i);
            sMed.add(percentile(s, 50));
            sP99.add(percentile(s, 99));
        }
        row("Slack ack, HTTP, burst of 200 (20 clients): median", "ms", hMed);
        row("Slack ack, HTTP, burst of 200 (20 clients): p99", "ms", hP99);
        row("Slack ack, Socket Mode, burst of 200: median", "ms", sMed);
        row("Slack ack, Socket Mode, burst of 200: p99", "ms", sP99);
    }

    /** Realistic and noisy messages, seeded: what the team types, in both languages. */
    static List<String> messages(int count, long seed) {
        String[] base = {"backtest_v5 실행해줘", "optimizer_v5 돌려줘", "상태 확인", "지금 뭐 돌아가?", "backtest_v5 로그 보여줘",
            "결과 가져와", "study_exit_params 풀런", "12345 취소해줘", "정리해줘", "이미지 새로 빌드해", "run backtest_v5",
            "what's running?", "show me the log of optimizer_v5", "collect results", "cancel job 4242", "도움말",
            "backtest_v5 파티션 gpu 로 CPU 8개 메모리 16G 로 실행", "recover backtest_v5", "history", "프로필 목록"};
        Random r = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String m = base[r.nextInt(base.length)];
            if (r.nextInt(3) == 0) m = "<@UBOT> " + m;
            if (r.nextInt(4) == 0) m = m + " 부탁해요 " + r.nextInt(1000);
            out.add(m);
        }
        return out;
    }

    private void parseTime() {
        RuleParser parser = new RuleParser();
        List<String> profiles = List.of("backtest_v5", "optimizer_v5", "study_exit_params");
        List<String> msgs = messages(5000, 7);
        for (String m : msgs) parser.parse(m, profiles); // warm-up
        List<Double> perMsg = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            for (String m : msgs) parser.parse(m, profiles);
            perMsg.add((System.nanoTime() - t) / 1000.0 / msgs.size());
        }
        row("rule parser, time per message (5,000 messages)", "µs", perMsg);
    }

    /**
     * A fresh JVM until the intent classifier has read a message: the model compiled with the jar (product) beside
     * building it from the bank at start-up, as the bot did before (naive). Alternating, so load drifts hit both.
     */
    private void classifierStart() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Double> compiled = new ArrayList<>(), built = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (String mode : List.of("compiled", "built")) {
                Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                    "ptj.slurmrunner.intent.ClassifierStart", mode).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) throw new IOException("ClassifierStart " + mode + ": " + out);
                (mode.equals("compiled") ? compiled : built).add(Double.parseDouble(out.strip()));
            }
        }
        String what = "intent classifier ready in a fresh JVM (Nori loaded, one message read)";
        row(what, "product", "ms", compiled);
        row(what, "naive", "ms", built);
    }

    /** Message → first reply on the sink, through RuleParser + Policy + Pipeline with an instant runner. */
    private void firstReply() throws IOException {
        Path tmp = Files.createTempDirectory("bench-pipeline");
        FakeState state = FakeState.seed();
        Pipeline bot = new Pipeline(new RuleParser(), new Policy(), () -> state, new PlanStore(),
            (target, vars, progress) -> MakeResult.ofJson(JSON.createObjectNode().put("ok", true)),
            new Reports(new LogDiagnoser()), new AuditLog(tmp.resolve("audit.jsonl")), (o, p, j, c) -> { },
            "", tmp, Clock.systemUTC(), true);
        List<String> msgs = List.of("backtest_v5 실행해줘", "상태 확인", "backtest_v5 로그 보여줘", "도움말");
        Origin who = new Origin("U1", "C1", "1.0");
        for (int i = 0; i < 500; i++) bot.onMessage(who, msgs.get(i % msgs.size()), reply -> { }); // warm-up
        List<Double> medians = new ArrayList<>();
        for (int rep = 0; rep < n; rep++) {
            List<Long> one = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                AtomicLong first = new AtomicLong();
                long t = System.nanoTime();
                bot.onMessage(who, msgs.get(i % msgs.size()), reply -> first.compareAndSet(0, System.nanoTime()));
                one.add((first.get() - t) / 1000);
            }
            medians.add(percentile(one, 50));
        }
        row("message → first reply (rule parser, pipeline, in-process)", "ms", medians);
    }

    /** bin/slurm-runner slack in HTTP mode against a Web API stand-in: time until it answers, then idle RSS. */
    private void startToReady() throws Exception {
        WireMockServer api = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        api.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson("{\"ok\":true,\"url\":\"https://t.slack.com/\","
            + "\"team\":\"t\",\"user\":\"slurm-runner\",\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\"}")));
        api.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson("{\"ok\":true,\"ts\":\"1.1\"}")));
        List<Double> ready = new ArrayList<>(), rss = new ArrayList<>();
        String failure = null;
        try {
            for (int i = 0; i < n && failure == null; i++) {
                Path state = Files.createTempDirectory("bench-bot-state");
                int port;
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                ProcessBuilder pb = new ProcessBuilder(repo.resolve("bin/slurm-runner").toString(), "slack")
                    .redirectErrorStream(true).redirectOutput(state.resolve("bot.log").toFile());
                pb.environment().keySet().removeIf(k -> k.startsWith("SLACK_") || k.startsWith("SLURM_RUNNER_"));
                pb.environment().put("SLACK_BOT_TOKEN", "xoxb-bench");
                pb.environment().put("SLACK_SIGNING_SECRET", "bench-secret");
                pb.environment().put("SLACK_API_URL", api.baseUrl() + "/api/");
                pb.environment().put("SLACK_BIND", "127.0.0.1");
                pb.environment().put("SLACK_PORT", String.valueOf(port));
                pb.environment().put("SLURM_RUNNER_STATE_DIR", state.toString());
                pb.environment().put("PROJECT_DIR", repo.toString());
                long t0 = System.nanoTime();
                Process p = pb.start();
                try {
                    Double ms = waitReady(p, port, t0);
                    if (ms == null) {
                        failure = "did not answer: " + lastLine(state.resolve("bot.log"));
                        break;
                    }
                    ready.add(ms);
                    Thread.sleep(3000); // idle
                    rss.add(rssMiB(p));
                } finally {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
                }
            }
        } finally {
            api.stop();
        }
        if (failure != null) {
            System.err.println("bench: bot start-to-ready skipped: " + failure);
            System.out.printf("bot start → ready (HTTP mode)\t-\tproduct\tnan\tnan\tnan\tn/a: %s\t\t\t\t0%n",
                failure.replace('\t', ' '));
            return;
        }
        row("bot start → ready (bin/slurm-runner slack, HTTP mode)", "ms", ready);
        row("bot idle RSS after start (VmRSS)", "MiB", rss);
    }

    private static Double waitReady(Process p, int port, long t0) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        String body = "{\"type\":\"url_verification\",\"challenge\":\"c1\",\"token\":\"x\"}";
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slack/events"))
            .timeout(Duration.ofSeconds(2)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) return null;
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                // any HTTP answer means the server is up; url_verification is unsigned so 401 is a fine answer too
                if (r.statusCode() > 0) return (System.nanoTime() - t0) / 1e6;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        return null;
    }

    private static double rssMiB(Process p) throws IOException {
        double best = 0;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(p.toHandle());
        p.descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            Path status = Path.of("/proc/" + h.pid() + "/status");
            if (!Files.exists(status)) continue;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    best = Math.max(best, Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                }
            }
        }
        return best;
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
