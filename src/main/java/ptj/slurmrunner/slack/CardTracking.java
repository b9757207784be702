package ptj.slurmrunner.slack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.slack.cards.JobCards;

/**
 * What the Slack sinks share about cards: where each job's card is ({@link JobCards}), which notices are broadcast,
 * and the hook that runs after a collect report (the result card's seam). One per front end.
 */
final class CardTracking {
    private static final Logger log = LoggerFactory.getLogger(CardTracking.class);
    final JobCards cards;
    final Broadcast broadcast;
    private volatile PostCollectHook afterCollect = PostCollectHook.NONE;

    CardTracking(JobCards cards, Broadcast broadcast) {
        this.cards = cards;
        this.broadcast = broadcast == null ? Broadcast.FAILURES : broadcast;
    }

    static CardTracking none() {
        return new CardTracking(null, Broadcast.FAILURES);
    }

    void afterCollect(PostCollectHook hook) {
        this.afterCollect = hook == null ? PostCollectHook.NONE : hook;
    }

    /** A job's submit card was shown at {@code ts}: keep where it is, for the watcher's updates. */
    void shown(String channel, String ts, String threadTs, String requester, Reply reply) {
        Card c = reply.card();
        if (cards != null && c != null && c.kind() == Card.Kind.SUBMIT && c.job() != null && reply.done()) {
            cards.remember(channel, ts, threadTs, requester, c);
        }
    }

    /** After a collect report went out: the hook, which must never break the sink that called it. */
    void collected(Origin where, Reply reply) {
        Card c = reply.card();
        if (c == null || c.kind() != Card.Kind.COLLECT || !reply.done()) return;
        try {
            afterCollect.afterCollect(where, reply);
        } catch (RuntimeException e) {
            log.warn("channel={} thread={} post-collect hook failed: {}", where.channelId(), where.threadTs(),
                e.toString());
        }
    }
}
