package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Card;

/** The watcher's notices say, as data, which job moved to which state: the Slack side edits the job's card from it. */
class WatcherCardsTest extends OnFakeSlurm {
    Watcher w;

    Watcher watcher() throws IOException {
        return open(fastOptions(), JobCollector.NONE);
    }

    @Test
    void should_tag_pending_running_and_completed_notices_with_the_jobs_state() throws IOException {
        FakeSlurm.Job job = slurm.add("201");
        job.reason = "Resources";
        w = watcher();
        w.submitted(thread, "backtest_v5", "201", false);
        w.pollOnce();
        clock.advance(Duration.ofSeconds(31));
        w.pollOnce();
        job.state = "RUNNING";
        job.node = "slurm-dev";
        w.pollOnce();
        job.ends("COMPLETED");
        job.sacctLine = "201|COMPLETED|0:0|00:02:00|slurm-dev|00:03:00|0|4G|2";
        job.batchLine = "201.batch|COMPLETED|0:0|00:02:00|slurm-dev|00:03:00|524288K||2";
        w.pollOnce();
        List<Card> cards = sink.posted.stream().map(p -> p.reply().card()).toList();
        assertEquals(List.of("PENDING", "RUNNING", "COMPLETED"), cards.stream().map(Card::state).toList());
        for (Card c : cards) {
            assertEquals(Card.Kind.JOB_STATE, c.kind());
            assertEquals(new Card.Job("201", "backtest_v5", c.job().detail()), c.job());
        }
        assertEquals("Resources", cards.get(0).job().detail());
        assertEquals("slurm-dev", cards.get(1).job().detail());
    }

    @Test
    void should_tag_a_failure_with_its_diagnosed_cause() throws IOException {
        FakeSlurm.Job job = slurm.add("202");
        job.ends("FAILED");
        job.exit = "1:0";
        job.sacctLine = "202|FAILED|1:0|00:00:05|slurm-dev|00:00:05|0|4G|2";
        job.err = "Traceback (most recent call last):\nModuleNotFoundError: No module named 'pandas'\n";
        w = watcher();
        w.submitted(thread, "backtest_v5", "202", false);
        w.pollOnce();
        w.pollOnce();
        Card c = sink.posted.get(sink.posted.size() - 1).reply().card();
        assertEquals("FAILED", c.state());
        assertTrue(c.job().detail() != null && !c.job().detail().isBlank(), String.valueOf(c.job()));
        assertTrue(c.fields().stream().anyMatch(f -> f.label().equals("원인")), c.fields().toString());
    }
}
