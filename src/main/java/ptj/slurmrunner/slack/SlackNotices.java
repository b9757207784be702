package ptj.slurmrunner.slack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.slack.results.ResultPublisher;

/**
 * Unrequested notices (the watcher's "job finished/failed") posted as new messages into the thread the job was
 * asked from. Paced and rate-limit aware like every other post.
 */
public final class SlackNotices implements NoticeSink {
    private static final Logger log = LoggerFactory.getLogger(SlackNotices.class);
    private final SlackWeb web;
    private final BlockRenderer renderer;

    public SlackNotices(SlackWeb web, BlockRenderer renderer) {
        this.web = web;
        this.renderer = renderer;
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

    @Override
    public void notice(Origin origin, Reply reply) {
        if (origin == null || origin.channelId() == null || "console".equals(origin.channelId())) return;
        BlockRenderer.Rendered r = renderer.render(reply, origin.userId());
        try {
            web.post(origin.channelId(), origin.threadTs(), r.text(), r.blocks());
            if (r.upload() != null) web.upload(origin.channelId(), origin.threadTs(), r.upload());
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} thread={} notice not delivered: {}", origin.channelId(), origin.threadTs(), e.error());
            // Transient (network, 429 after retries, Slack 5xx): tell the watcher "not posted", it retries next poll.
            if (transientError(e.error())) throw e;
        }
    }
}
