package ptj.slurmrunner.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.ReplySink;

/**
 * The answers to one request, in one Slack thread. The first {@link #show} posts; a later one edits the previous
 * message in place (chat.update) while that was a progress reply, otherwise posts a new message in the thread.
 * For a button click the sink starts on the message that held the buttons: the first answer replaces the buttons
 * (the question's text stays above it), so nobody can click them again.
 */
final class ThreadSink implements ReplySink {
    private static final Logger log = LoggerFactory.getLogger(ThreadSink.class);

    private final SlackWeb web;
    private final BlockRenderer renderer;
    private final String channel;
    private final String threadTs;
    private final String userId;
    private String lastTs;
    private boolean lastReplaceable;
    /** Blocks kept above the answer while we are editing the question's message (its text without the buttons). */
    private List<LayoutBlock> keptAbove;

    ThreadSink(SlackWeb web, BlockRenderer renderer, String channel, String threadTs, String userId) {
        this(web, renderer, channel, threadTs, userId, null, List.of());
    }

    /** A sink whose first answer replaces the buttons of message {@code questionTs}. */
    ThreadSink(SlackWeb web, BlockRenderer renderer, String channel, String threadTs, String userId,
               String questionTs, List<LayoutBlock> questionBlocks) {
        this.web = web;
        this.renderer = renderer;
        this.channel = channel;
        this.threadTs = threadTs;
        this.userId = userId;
        this.lastTs = questionTs;
        this.lastReplaceable = questionTs != null;
        this.keptAbove = BlockRenderer.withoutChoices(questionBlocks);
    }

    @Override
    public synchronized void show(Reply reply) {
        BlockRenderer.Rendered r = renderer.render(reply);
        try {
            if (lastTs != null && lastReplaceable) {
                List<LayoutBlock> blocks = new ArrayList<>(keptAbove);
                blocks.addAll(r.blocks());
                try {
                    web.update(channel, lastTs, r.text(), blocks);
                } catch (SlackWeb.SlackCallFailed e) {
                    // The message is gone or not ours to edit: say it anew rather than lose the answer.
                    keptAbove = List.of();
                    lastTs = web.post(channel, threadTs, r.text(), r.blocks());
                }
            } else {
                keptAbove = List.of();
                lastTs = web.post(channel, threadTs, r.text(), r.blocks());
            }
            if (reply.done()) keptAbove = List.of();
            lastReplaceable = !reply.done();
            if (r.upload() != null) web.upload(channel, threadTs, r.upload());
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} thread={} reply not delivered: {}", channel, threadTs, e.error());
        }
    }

    @Override
    public void ephemeral(String text) {
        try {
            web.ephemeral(channel, userId, threadTs, Mrkdwn.escape(text));
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} user={} ephemeral not delivered: {}", channel, userId, e.error());
        }
    }

    String channel() {
        return channel;
    }

    String threadTs() {
        return threadTs;
    }
}
