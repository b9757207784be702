package ptj.slurmrunner.slack.results;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.results.CompareReport;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.slack.SlackWeb;

/**
 * Posts a result or compare card into a thread and uploads its chart PNG into the same thread (Slack's current
 * flow: files.getUploadURLExternal → POST the bytes → files.completeUploadExternal with channel_id and thread_ts).
 * A failed upload leaves the card: the numbers matter more than the picture.
 */
public final class ResultPublisher {
    private static final Logger log = LoggerFactory.getLogger(ResultPublisher.class);
    private final SlackWeb web;

    public ResultPublisher(SlackWeb web) {
        this.web = web;
    }

    public void result(String channel, String threadTs, ResultReport r) {
        ResultCards.Card card = ResultCards.result(r);
        web.post(channel, threadTs, card.text(), card.blocks());
        if (r.chart() != null) {
            upload(channel, threadTs, r.chart(), Messages.get("results.slack.chart_title", r.profile(), r.jobId()));
        }
    }

    public void compare(String channel, String threadTs, CompareReport c) {
        ResultCards.Card card = ResultCards.compare(c);
        web.post(channel, threadTs, card.text(), card.blocks());
        if (c.chart() != null) upload(channel, threadTs, c.chart(), c.chart().chart().title());
    }

    /** A sweep's comparison card, then its chart of the metric across the swept parameter, in the same thread. */
    public void sweep(String channel, String threadTs, ptj.slurmrunner.sweep.SweepResult s) {
        ResultCards.Card card = ResultCards.sweep(s);
        web.post(channel, threadTs, card.text(), card.blocks());
        if (s.chart() != null) upload(channel, threadTs, s.chart(), s.chart().chart().title());
    }

    private void upload(String channel, String threadTs, ResultReport.ResultsChart chart, String title) {
        try {
            web.uploadBytes(channel, threadTs, chart.chart().filename(), title, chart.chart().png());
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("channel={} thread={} chart {} not uploaded: {}", channel, threadTs, chart.chart().filename(),
                e.error());
        }
    }
}
