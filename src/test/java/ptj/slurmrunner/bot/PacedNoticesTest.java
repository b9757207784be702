package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.watch.RecordingSink;

class PacedNoticesTest {
    @TempDir Path state;

    final RecordingSink slack = new RecordingSink();

    PacedNotices paced(Duration gap, int combineAt) throws Exception {
        return new PacedNotices(slack, state.resolve("notice-outbox.json"), gap, combineAt, 5, Clock.systemUTC());
    }

    static Reply done(String job) {
        return new Reply(Reply.Tone.SUCCESS, "[Job 완료] p (Job " + job + ")\n  소요 시간: 00:00:10", List.of(
                new Reply.Choice("collect:p:" + job, "결과 수집", "primary")), null, true);
    }

    static void waitFor(BooleanSupplier c) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("not in 10 s");
            Thread.sleep(10);
        }
    }

    @Test
    void should_post_at_most_one_message_per_gap_in_a_channel_and_not_hold_up_other_channels() throws Exception {
        try (PacedNotices p = paced(Duration.ofMillis(300), 100)) {
            for (int i = 0; i < 3; i++) p.notice(new Origin("U" + i, "C1", "1." + i), done("1" + i));
            p.notice(new Origin("U9", "C2", "2.0"), done("29"));
            waitFor(() -> slack.posted.size() == 4);
            List<Long> c1 = slack.posted.stream().filter(x -> x.origin().channelId().equals("C1")).map(RecordingSink.Posted::atMillis).toList();
            for (int i = 1; i < c1.size(); i++) assertTrue(c1.get(i) - c1.get(i - 1) >= 250, "paced: " + c1);
            long c2 = slack.posted.stream().filter(x -> x.origin().channelId().equals("C2")).findFirst().orElseThrow().atMillis();
            assertTrue(c2 - c1.get(0) < 250, "another channel does not wait");
        }
    }

    @Test
    void should_combine_notices_for_one_thread_into_one_message_with_every_button() throws Exception {
        try (PacedNotices p = paced(Duration.ofMillis(400), 100)) {
            Origin t = new Origin("U1", "C1", "1.0");
            p.notice(new Origin("U0", "C1", "0.5"), done("100")); // goes out at once and makes C1 busy
            for (int i = 1; i <= 3; i++) p.notice(t, done("10" + i));
            waitFor(() -> slack.posted.size() == 2);
            Thread.sleep(500);
            assertEquals(2, slack.posted.size(), slack.all());
            RecordingSink.Posted second = slack.posted.get(1);
            assertEquals(t, second.origin());
            assertTrue(second.reply().text().contains("(Job 101)") && second.reply().text().contains("(Job 103)"));
            assertEquals(3, second.reply().choices().size());
        }
    }

    @Test
    void should_post_one_combined_message_when_many_threads_of_a_channel_wait() throws Exception {
        try (PacedNotices p = paced(Duration.ofMillis(400), 4)) {
            for (int i = 1; i <= 12; i++) p.notice(new Origin("U" + i, "C1", "1.00" + i), done(String.valueOf(200 + i)));
            waitFor(() -> slack.posted.size() == 1);
            Thread.sleep(600);
            assertEquals(1, slack.posted.size(), slack.all());
            RecordingSink.Posted digest = slack.posted.get(0);
            assertEquals(null, digest.origin().threadTs(), "the channel, not one of the threads");
            for (int i = 1; i <= 12; i++) assertTrue(digest.reply().text().contains("(Job " + (200 + i) + ")"), slack.all());
            assertTrue(digest.reply().text().contains("https://slack.com/archives/C1/p1001"), digest.reply().text());
            assertTrue(digest.reply().text().startsWith("[작업 알림 12건]"), digest.reply().text());
        }
    }

    @Test
    void should_lose_and_double_nothing_across_a_restart_in_the_middle() throws Exception {
        PacedNotices first = paced(Duration.ofMillis(200), 1000);
        for (int i = 0; i < 10; i++) first.notice(new Origin("U" + i, "C" + (i % 2), "1." + i), done("30" + i));
        Thread.sleep(500);
        first.close(); // the bot stops with notices still waiting
        int before = slack.posted.size();
        assertTrue(before >= 2 && before < 10, "some went out, some wait: " + before);
        try (PacedNotices second = paced(Duration.ofMillis(200), 1000)) {
            waitFor(() -> second.waiting() == 0);
        }
        String all = slack.all();
        for (int i = 0; i < 10; i++) {
            String job = "(Job 30" + i + ")";
            assertEquals(1, all.split(java.util.regex.Pattern.quote(job), -1).length - 1, job + " exactly once:\n" + all);
        }
    }

    @Test
    void should_retry_a_failed_post_and_give_up_after_the_attempts() throws Exception {
        try (PacedNotices p = paced(Duration.ofMillis(20), 1000)) {
            slack.failNext = 2;
            p.notice(new Origin("U1", "C1", "1.0"), done("401"));
            waitFor(() -> slack.posted.size() == 1);
            slack.failNext = 1000;
            p.notice(new Origin("U1", "C1", "1.0"), done("402"));
            waitFor(() -> p.waiting() == 0);
            assertEquals(1, slack.posted.size(), "dropped after 5 attempts, not posted");
        }
    }
}
