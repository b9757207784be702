package ptj.slurmrunner.slack;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.PacedNotices;
import ptj.slurmrunner.watch.TeamLoad;

/**
 * Team-sized load through the real notice path: the event watcher (fake login node) → {@link PacedNotices} →
 * SlackNotices → SlackWeb → a Slack stand-in on loopback, with a bot restart in the middle, while Slack events keep
 * arriving (ack latency measured by {@link SlackAckBench}). Rows in scripts/bench.sh's TSV format; {@link #measure}
 * is also what TeamLoadIT checks.
 */
public final class TeamLoadBench {
    /** An end as posted: the notice's text line, or the job card's title when the notice is drawn as a card. */
    static final Pattern JOB = Pattern.compile("\\[Job 완료\\][^(]*\\(Job ([0-9]+)\\)| · Job ([0-9]+) 완료");

    public record Measured(int lost, int doubled, int posts, int combined, double maxPerChannelPerSecond,
                           List<Double> delayS, int ending) {}

    private TeamLoadBench() {}

    public static Measured measure(int people, int channels, int jobs, int ending, Duration spread) throws Exception {
        Path state = Files.createTempDirectory("team-load-state");
        try (SlackStandIn slack = new SlackStandIn()) {
            SlackWeb web = new SlackWeb(SlackFrontEnd.slack(SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-load",
                    "SLACK_SIGNING_SECRET", "s", "SLACK_API_URL", slack.apiUrl()))).methods("xoxb-load"),
                    Duration.ofMillis(1000));
            PacedNotices[] gen = new PacedNotices[2];
            TeamLoad.Result r = TeamLoad.run(new TeamLoad.Bot() {
                @Override
                public NoticeSink start(int g) throws Exception {
                    gen[g] = PacedNotices.inStateDir(new SlackNotices(web, new BlockRenderer()), state);
                    return gen[g];
                }

                @Override
                public void stop(int g) throws Exception {
                    if (g == 1) { // let the last generation empty its outbox before it stops
                        long end = System.currentTimeMillis() + 120_000;
                        while (gen[g].waiting() > 0 && System.currentTimeMillis() < end) Thread.sleep(50);
                    }
                    gen[g].close();
                }
            }, state, people, channels, jobs, ending, spread, 15);

            List<LoggedRequest> posts = slack.wm.findAll(com.github.tomakehurst.wiremock.client.WireMock
                    .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/chat.postMessage")));
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Long> firstAt = new HashMap<>();
            Map<String, List<Long>> perChannel = new HashMap<>();
            int combined = 0;
            for (LoggedRequest p : posts) {
                Map<String, String> f = SlackStandIn.form(p.getBodyAsString());
                // the headline is the text; the rest of a message (a combined one's lines) is in its blocks
                String text = f.getOrDefault("text", "") + "\n" + f.getOrDefault("blocks", "");
                long at = p.getLoggedDate().getTime();
                perChannel.computeIfAbsent(f.get("channel"), c -> new ArrayList<>()).add(at);
                if (f.getOrDefault("text", "").contains("[작업 알림")) combined++;
                Matcher m = JOB.matcher(text);
                java.util.Set<String> inPost = new java.util.HashSet<>();
                while (m.find()) inPost.add(m.group(1) != null ? m.group(1) : m.group(2));
                for (String id : inPost) {
                    seen.merge(id, 1, Integer::sum);
                    firstAt.putIfAbsent(id, at);
                }
            }
            int lost = 0, doubled = 0;
            List<Double> delays = new ArrayList<>();
            for (Map.Entry<String, Long> e : r.endedAt().entrySet()) {
                int n = seen.getOrDefault(e.getKey(), 0);
                if (n == 0) lost++;
                if (n > 1) doubled++;
                if (firstAt.containsKey(e.getKey())) delays.add((firstAt.get(e.getKey()) - e.getValue()) / 1000.0);
            }
            double maxRate = 0;
            for (List<Long> times : perChannel.values()) {
                Collections.sort(times);
                for (int i = 0; i < times.size(); i++) {
                    int k = i;
                    while (k + 1 < times.size() && times.get(k + 1) - times.get(i) < 1000) k++;
                    maxRate = Math.max(maxRate, k - i + 1);
                }
            }
            return new Measured(lost, doubled, posts.size(), combined, maxRate, delays, r.endedAt().size());
        }
    }

    static double pct(List<Double> v, double p) {
        if (v.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        return s.get(Math.max(0, Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1)));
    }

    static void row(String m, double v, String unit) {
        System.out.printf(Locale.ROOT, "%s\t-\tproduct\t%.2f\t%.2f\t%.2f\t%s\t\t\t\t1%n", m, v, v, v, unit);
    }

    /**
     * Usage: TeamLoadBench [SPREADS_S] — 20 people, 4 channels, 200 jobs, 50 ending within each spread (default
     * "60,5": spread over a minute, and piled up within 5 s so that combining shows). Slack acks are measured idle
     * (after a warm-up burst) and during the first load.
     */
    public static void main(String[] args) throws Exception {
        String[] spreads = (args.length > 0 ? args[0] : "60,5").split(",");
        SlackAckBench.httpBurst(50, "warm"); // JIT and Bolt's first-request set-up are not what we measure
        List<Long> idle = SlackAckBench.httpBurst(200, "idle");
        List<Long> busy = null;
        for (String sp : spreads) {
            int spread = Integer.parseInt(sp.strip());
            CompletableFuture<Measured> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return measure(20, 4, 200, 50, Duration.ofSeconds(spread));
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            if (busy == null) {
                Thread.sleep(Math.max(2000, spread * 500L)); // halfway: acks while the notices pour out
                busy = SlackAckBench.httpBurst(200, "busy");
            }
            Measured m = load.get();
            String w = "team load (20 people, 200 tracked, 50 ending in " + spread + " s, restart midway): ";
            row(w + "notices lost", m.lost(), "of " + m.ending());
            row(w + "notices doubled", m.doubled(), "of " + m.ending());
            row(w + "Slack posts", m.posts(), "posts, " + m.combined() + " combined");
            row(w + "most posts in one channel within 1 s", m.maxPerChannelPerSecond(), "/s");
            row(w + "end marker → Slack post: median", pct(m.delayS(), 50), "s");
            row(w + "end marker → Slack post: p95", pct(m.delayS(), 95), "s");
        }
        row("Slack ack p99, burst of 200, idle", pctMicros(idle), "ms");
        row("Slack ack p99, burst of 200, during the team load", pctMicros(busy), "ms");
        System.exit(0);
    }

    private static double pctMicros(List<Long> us) {
        List<Double> ms = us.stream().map(x -> x / 1000.0).toList();
        return pct(ms, 99);
    }
}
