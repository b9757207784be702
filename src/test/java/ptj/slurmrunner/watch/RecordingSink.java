package ptj.slurmrunner.watch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;

/** Keeps every notice; can be told to fail the next posts (Slack down). The watcher and the notice pacer tests use it. */
public final class RecordingSink implements NoticeSink {
    public record Posted(Origin origin, Reply reply, long atMillis) {}

    public final List<Posted> posted = Collections.synchronizedList(new ArrayList<>());
    /** Cards brought up to date in place (Slack: chat.update), nothing posted in the thread. */
    public final List<ptj.slurmrunner.bot.Card> progressed = Collections.synchronizedList(new ArrayList<>());
    public volatile int failNext;

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

    public List<String> texts() {
        synchronized (posted) {
            return posted.stream().map(p -> p.reply().text()).toList();
        }
    }

    public long count(String prefix) {
        return texts().stream().filter(t -> t.startsWith(prefix)).count();
    }

    /** Every text, in order, separated by a "---" line. */
    public String all() {
        return String.join("\n---\n", texts());
    }
}
