package ptj.slurmrunner.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.ReplySink;

/**
 * A hand-written Bot for the Slack tests, shaped like the core: "… 실행해줘" asks with 실행/취소 buttons whose ids are
 * {@code <planId>:yes|no}; a plan belongs to its asker, expires, and is taken once (refusals are shown on the sink,
 * as the core does).
 * "로그" answers with a long attachment; "느리게" sleeps so acks can be timed while work runs.
 */
final class FakeBot implements Bot {
    record Call(String kind, Origin origin, String text) {}

    private record Plan(String owner, Instant expires) {}

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger submits = new AtomicInteger();
    private final Map<String, Plan> plans = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    volatile Clock clock = Clock.systemUTC();
    volatile Duration ttl = Duration.ofMinutes(10);
    volatile boolean quiet;

    @Override
    public void onMessage(Origin origin, String text, ReplySink sink) {
        calls.add(new Call("message", origin, text));
        if (quiet) return;
        if (text.contains("느리게")) {
            SlackWeb.sleep(Duration.ofMillis(300));
            return;
        }
        if (text.contains("로그")) {
            sink.show(new Reply(Reply.Tone.INFO, "[로그] backtest_v5\n  마지막 줄", List.of(), "line\n".repeat(2000), true));
            return;
        }
        sink.show(Reply.progress("확인 중…"));
        if (text.contains("실행")) {
            String id = "p" + ids.incrementAndGet();
            plans.put(id, new Plan(origin.userId(), clock.instant().plus(ttl)));
            sink.show(new Reply(Reply.Tone.QUESTION, "[Profile 확인]\n  Script:    simulation/backtests/backtest_v5.py\n"
                + "  Resources: 20 CPU, 40G RAM, 02:00:00", List.of(
                new Reply.Choice(id + ":yes", "실행", "primary"), new Reply.Choice(id + ":no", "취소", "danger")),
                null, true));
        } else {
            sink.show(Reply.info("[SLURM Status]\n  서버 Job 목록: (없음) <!channel> & @here"));
        }
    }

    /** Like the core's Reports.refusedChoice: a plain warning shown on the sink. */
    private static Reply refused(String text) {
        return new Reply(Reply.Tone.WARNING, text, List.of(), null, true);
    }

    @Override
    public void onChoice(Origin origin, String choiceId, ReplySink sink) {
        calls.add(new Call("choice", origin, choiceId));
        if (choiceId.startsWith("act:")) {
            sink.show(Reply.info("[로그] backtest_v5 (Job 12345)\n  마지막 줄"));
            return;
        }
        String id = choiceId.substring(0, choiceId.lastIndexOf(':'));
        synchronized (plans) {
            Plan p = plans.get(id);
            if (p == null) {
                sink.show(refused("이미 처리되었거나 알 수 없는 요청입니다."));
                return;
            }
            if (!p.owner().equals(origin.userId())) {
                sink.show(refused("요청한 사람만 누를 수 있습니다."));
                return;
            }
            plans.remove(id);
            if (!clock.instant().isBefore(p.expires())) {
                sink.show(refused("확인 시간이 지났습니다. 다시 요청해 주세요."));
                return;
            }
        }
        if (choiceId.endsWith(":no")) {
            sink.show(Reply.info("취소했습니다."));
            return;
        }
        sink.show(Reply.progress("제출 중…"));
        submits.incrementAndGet();
        sink.show(new Reply(Reply.Tone.SUCCESS, "[Job 제출 완료]\n  Profile:    backtest_v5\n  Job ID:     12345",
            List.of(), null, true));
    }
}
