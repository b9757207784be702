package ptj.slurmrunner.slack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.slack.results.ResultPublisher;

/**
 * Unrequested notices (the watcher's "job started/finished/failed") posted as new messages into the thread the job
 * was asked from. A notice about a job's state also edits that job's card in place (chat.update at the ts kept in
 * {@code JobCards}), so the channel sees where every job is without opening threads; ends are broadcast to the
 * channel as {@link Broadcast} says. After the watcher's automatic collect the {@link PostCollectHook} runs.
 * Paced and rate-limit aware like every other post.
 */
public final class SlackNotices implements NoticeSink {
    private static final Logger log = LoggerFactory.getLogger(SlackNotices.class);
    private final SlackWeb web;
    private final BlockRenderer renderer;
    private final CardTracking tracking;

    public SlackNotices(SlackWeb web, BlockRenderer renderer) {
        this(web, renderer, CardTracking.none());
    }

    SlackNotices(SlackWeb web, BlockRenderer renderer, CardTracking tracking) {
        this.web = web;
        this.renderer = renderer;
        this.tracking = tracking;
    }

    static boolean transientError(String error) {
        return error == null || error.equals("io_error") || error.equals("ratelimited") || error.startsWith("http_")
            || error.equals("internal_error") || error.equals("fatal_error") || error.equals("request_timeout")
            || error.equals("service_unavailable") || error.endsWith("Exception");
    }

    @Override
    public void result(Origin origin, ResultReport report) {
        if (origin == null || origin.channelId() == null || "console".equals(origin.channelId())) return;
        new ResultPublisher(web).result(origin.channelId(), origin.threadTs(), report);
    }

    /** A sweep's task counts moved: its card is edited in place (nothing posted when nothing changed). */
    @Override
    public void progress(Origin origin, Card card) {
        if (origin == null || origin.channelId() == null || "console".equals(origin.channelId())) return;
        updateJobCard(card);
    }

    @Override
    public void notice(Origin origin, Reply reply) {
        if (origin == null || origin.channelId() == null || "console".equals(origin.channelId())) return;
        updateJobCard(reply.card());
        BlockRenderer.Rendered r = renderer.render(reply, origin.userId());
        try {
            web.post(origin.channelId(), origin.threadTs(), r.text(), r.blocks(), tracking.broadcast.broadcasts(reply));
            if (r.upload() != null) web.upload(origin.channelId(), origin.threadTs(), r.upload());
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} thread={} notice not delivered: {}", origin.channelId(), origin.threadTs(), e.error());
            // Transient (network, 429 after retries, Slack 5xx): tell the watcher "not posted", it retries next poll.
            if (transientError(e.error())) throw e;
        }
        tracking.collected(origin, reply);
    }

    /** The job's card shows the new state; a card we cannot edit any more only costs a log line. */
    private void updateJobCard(Card notice) {
        if (tracking.cards == null || notice == null || notice.kind() != Card.Kind.JOB_STATE) return;
        tracking.cards.advance(notice).ifPresent(e -> {
            BlockRenderer.Rendered card = renderer.render(new Reply(toneOf(e.card().state()), null,
                java.util.List.of(), null, true, e.card()), e.requester());
            try {
                web.update(e.channel(), e.ts(), card.text(), card.blocks());
            } catch (SlackWeb.SlackCallFailed f) {
                log.warn("job={} card at {} not updated: {}", e.jobId(), e.ts(), f.error());
            }
        });
    }

    static Reply.Tone toneOf(String state) {
        if (state == null || !Card.ENDED.contains(state)) return Reply.Tone.INFO;
        return "COMPLETED".equals(state) ? Reply.Tone.SUCCESS : Reply.Tone.ERROR;
    }
}
