package ptj.slurmrunner.slack;

import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.ReplySink;
import ptj.slurmrunner.results.CompareReport;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.slack.results.ResultPublisher;

/**
 * The answers to one request, in one Slack thread. The first {@link #show} posts; a later one edits the previous
 * message in place (chat.update) while that was a progress reply, otherwise posts a new message in the thread.
 *
 * <p>For a button click the sink starts on the message that held the buttons. The owner's first answered click
 * claims that message: its answer replaces the buttons (the question's text stays above it), so nobody can click
 * them again. Any other click — someone else's, or one on a message already answered (a double click) — is
 * answered privately (chat.postEphemeral) and leaves the public message alone, whatever the core says.
 */
final class ThreadSink implements ReplySink {
    private static final Logger log = LoggerFactory.getLogger(ThreadSink.class);

    /** Where a click came from: the message with the buttons and whether the clicker is the one who was asked. */
    record Click(String questionTs, List<LayoutBlock> questionBlocks, boolean byOwner, DedupeStore claims) {}

    private final SlackWeb web;
    private final BlockRenderer renderer;
    private final String channel;
    private final String threadTs;
    private final String userId;
    private final Click click;
    private final CardTracking tracking;
    private String lastTs;
    private boolean lastReplaceable;
    private boolean claimed;
    private boolean privately;
    /** Blocks kept above the answer while we are editing the question's message (its text without the buttons). */
    private List<LayoutBlock> keptAbove = List.of();

    ThreadSink(SlackWeb web, BlockRenderer renderer, String channel, String threadTs, String userId) {
        this(web, renderer, channel, threadTs, userId, null, CardTracking.none());
    }

    ThreadSink(SlackWeb web, BlockRenderer renderer, String channel, String threadTs, String userId, Click click,
               CardTracking tracking) {
        this.tracking = tracking == null ? CardTracking.none() : tracking;
        this.web = web;
        this.renderer = renderer;
        this.channel = channel;
        this.threadTs = threadTs;
        this.userId = userId;
        this.click = click;
    }

    @Override
    public synchronized void show(Reply reply) {
        BlockRenderer.Rendered r = renderer.render(reply, userId);
        try {
            if (click != null && !claimed) {
                claimed = true;
                boolean first = click.byOwner()
                    && click.claims().firstTime("answered:" + channel + ":" + click.questionTs());
                if (first) {
                    lastTs = click.questionTs();
                    lastReplaceable = true;
                    keptAbove = BlockRenderer.withoutChoices(click.questionBlocks());
                } else {
                    privately = true;
                }
            }
            if (privately) {
                web.ephemeral(channel, userId, threadTs, r.text(), BlockRenderer.withoutChoices(r.blocks()));
                return;
            }
            // one card per job: the submit card replaces the question it answers, it does not pile up under it
            if (reply.done() && reply.card() != null && reply.card().job() != null) keptAbove = List.of();
            if (lastTs != null && lastReplaceable) {
                List<LayoutBlock> blocks = new ArrayList<>(keptAbove);
                blocks.addAll(r.blocks());
                try {
                    web.update(channel, lastTs, r.text(), blocks);
                } catch (SlackWeb.SlackCallFailed e) {
                    // The message is gone or not ours to edit: say it anew rather than lose the answer.
                    lastTs = web.post(channel, threadTs, r.text(), r.blocks());
                }
            } else {
                lastTs = web.post(channel, threadTs, r.text(), r.blocks());
            }
            if (reply.done()) keptAbove = List.of();
            lastReplaceable = !reply.done();
            tracking.shown(channel, lastTs, threadTs, userId, reply);
            if (r.upload() != null) web.upload(channel, threadTs, r.upload());
            tracking.collected(new ptj.slurmrunner.bot.Origin(userId, channel, threadTs), reply);
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} thread={} reply not delivered: {}", channel, threadTs, e.error());
        }
    }

    @Override
    public synchronized void result(ResultReport report) {
        if (privately) ReplySink.super.result(report);
        else deliver(() -> new ResultPublisher(web).result(channel, threadTs, report));
    }

    @Override
    public synchronized void compare(CompareReport report) {
        if (privately) ReplySink.super.compare(report);
        else deliver(() -> new ResultPublisher(web).compare(channel, threadTs, report));
    }

    @Override
    public synchronized void sweep(java.util.function.Supplier<ptj.slurmrunner.sweep.SweepResult> result) {
        if (!privately) deliver(() -> new ResultPublisher(web).sweep(channel, threadTs, result.get()));
    }

    private void deliver(Runnable post) {
        try {
            post.run();
            lastReplaceable = false;
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} thread={} result not delivered: {}", channel, threadTs, e.error());
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
}
