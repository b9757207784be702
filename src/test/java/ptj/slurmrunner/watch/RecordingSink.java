package ptj.slurmrunner.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;

/** Keeps every notice; can be told to fail the next posts (Slack down). */
final class RecordingSink implements NoticeSink {
    record Posted(Origin origin, Reply reply, long atMillis) {}

    final List<Posted> posted = Collections.synchronizedList(new ArrayList<>());
    /** Cards brought up to date in place (Slack: chat.update), nothing posted in the thread. */
    final List<ptj.slurmrunner.bot.Card> progressed = Collections.synchronizedList(new ArrayList<>());
    volatile int failNext;

    @Override
    public void notice(Origin origin, Reply reply) {
        if (failNext > 0) {
            failNext--;
            throw new IllegalStateException("slack down (fake)");
        }
        posted.add(new Posted(origin, reply, System.currentTimeMillis()));
    }

    @Override
    public void progress(Origin origin, ptj.slurmrunner.bot.Card card) {
        progressed.add(card);
    }

    List<String> texts() {
        synchronized (posted) {
            return posted.stream().map(p -> p.reply().text()).toList();
        }
    }

    long count(String prefix) {
        return texts().stream().filter(t -> t.startsWith(prefix)).count();
    }
}
