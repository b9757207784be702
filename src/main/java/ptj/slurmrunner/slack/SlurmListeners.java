package ptj.slurmrunner.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.model.Message;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.Shortcuts;
import ptj.slurmrunner.messages.Messages;

/**
 * The Bolt listeners. Each one does only what must happen before the ack — drop duplicates (persisted), check the
 * allow-lists — then hands the work to {@code work} and acks. The work is the Bot: one {@link ThreadSink} per
 * request, answers in the thread of the asking message (a slash command opens its own thread).
 */
public final class SlurmListeners {
    private static final Logger log = LoggerFactory.getLogger(SlurmListeners.class);
    public static final String COMMAND = "/slurm";
    static final Pattern CHOICE_ACTION = ActionIds.CHOICE;

    private final Bot bot;
    private final SlackWeb web;
    private final BlockRenderer renderer;
    private final DedupeStore seen;
    private final AccessGuard access;
    private final AccessGuard.RefusalLog refusals;
    /** The work after the ack, counted in flight so tests and shutdown can wait for it. */
    private final HandedOffWork work;
    private final CardTracking tracking;

    public SlurmListeners(Bot bot, SlackWeb web, BlockRenderer renderer, DedupeStore seen, AccessGuard access,
                          AccessGuard.RefusalLog refusals, ExecutorService work) {
        this(bot, web, renderer, seen, access, refusals, work, CardTracking.none());
    }

    SlurmListeners(Bot bot, SlackWeb web, BlockRenderer renderer, DedupeStore seen, AccessGuard access,
                   AccessGuard.RefusalLog refusals, ExecutorService work, CardTracking tracking) {
        this.tracking = tracking;
        this.bot = bot;
        this.web = web;
        this.renderer = renderer;
        this.seen = seen;
        this.access = access;
        this.refusals = refusals;
        this.work = new HandedOffWork(work, log, "background work");
    }

    public void register(App app) {
        app.event(AppMentionEvent.class, (payload, ctx) -> {
            AppMentionEvent e = payload.getEvent();
            onUserMessage(payload.getEventId(), e.getUser(), e.getBotId(), e.getSubtype(), e.getChannel(), e.getTs(),
                e.getThreadTs(), e.getText(), ctx.getBotUserId(), ctx.getRetryNum());
            return ctx.ack();
        });
        app.event(MessageEvent.class, (payload, ctx) -> {
            MessageEvent e = payload.getEvent();
            // message.im only: channel messages reach us as app_mention.
            if ("im".equals(e.getChannelType())) {
                onUserMessage(payload.getEventId(), e.getUser(), e.getBotId(), null, e.getChannel(), e.getTs(),
                    e.getThreadTs(), e.getText(), ctx.getBotUserId(), ctx.getRetryNum());
            }
            return ctx.ack();
        });
        app.command(COMMAND, (req, ctx) -> {
            SlashCommandPayload p = req.getPayload();
            if (!seen.firstTime(p.getTriggerId() == null ? null : "cmd:" + p.getTriggerId())) return ctx.ack();
            Optional<AccessGuard.Refusal> no = access.check(p.getUserId(), p.getChannelId());
            if (no.isPresent()) {
                refusals.refused(p.getUserId(), p.getChannelId(), p.getText(), no.get().code());
                return ctx.ack(Messages.get(no.get().messageKey())); // a slash command's ack text is ephemeral
            }
            String text = p.getText() == null || p.getText().isBlank() ? Messages.get("slack.command.empty")
                : Mrkdwn.incoming(p.getText(), null);
            submit(() -> {
                String parentTs;
                try {
                    String parent = Messages.get("slack.command.parent", p.getUserId(), Mrkdwn.escape(text));
                    parentTs = web.post(p.getChannelId(), null, parent, null);
                } catch (SlackWeb.SlackCallFailed f) {
                    // Not a member of the channel (or a DM with someone else): answer through the response_url.
                    log.info("channel={} cannot open a thread for /slurm: {}", p.getChannelId(), f.error());
                    ctx.respond(Messages.get("slack.command.not_in_channel"));
                    return;
                }
                Origin origin = new Origin(p.getUserId(), p.getChannelId(), parentTs);
                runBot(origin, new ThreadSink(web, renderer, p.getChannelId(), parentTs, p.getUserId(), null, tracking),
                    sink -> bot.onMessage(origin, text, sink));
            });
            return ctx.ack();
        });
        app.blockAction(ActionIds.STEP, (req, ctx) -> {
            onClick(req.getPayload(), true);
            return ctx.ack();
        });
        app.blockAction(CHOICE_ACTION, (req, ctx) -> {
            onClick(req.getPayload(), false);
            return ctx.ack();
        });
    }

    /**
     * A button: a confirmation's 예/아니오 (single-use, claimed by its owner's first click) or a next step
     * ({@code step}: 로그 · 상태 · 결과 수집 · 취소 · 다시 실행, answered in the thread, the card keeps its buttons).
     * Either way the core decides with the clicker's rights: a step is the Intent of the typed request.
     */
    private void onClick(BlockActionPayload p, boolean step) {
        ClickPlace at = ClickPlace.of(p);
        if (at == null) return;
        BlockActionPayload.Action a = at.action();
        String user = at.user();
        String channel = at.channel();
        Message msg = at.message();
        String msgTs = at.messageTs();
        String threadTs = at.threadTs();
        // The same delivery again (retry, redelivery after reconnect): drop. A second real click by the owner
        // has a new action_ts and goes to the core, which refuses it as already used.
        if (!seen.firstTime("click:" + a.getValue() + ":" + msgTs + ":" + user + ":" + a.getActionTs())) {
            return;
        }
        Optional<AccessGuard.Refusal> no = access.check(user, channel);
        if (no.isPresent()) {
            refusals.refused(user, channel, "choice " + a.getValue(), no.get().code());
            submit(() -> new ThreadSink(web, renderer, channel, threadTs, user)
                .ephemeral(Messages.get(no.get().messageKey())));
            return;
        }
        if (step && Shortcuts.parse(a.getValue()).isEmpty()) { // a step carries a next step, nothing else
            log.warn("user={} channel={} step button with a foreign value dropped", user, channel);
            return;
        }
        List<LayoutBlock> questionBlocks = msg == null ? List.of() : msg.getBlocks();
        Origin origin = new Origin(user, channel, threadTs);
        String owner = BlockRenderer.ownerOf(a.getBlockId());
        // The watcher's shortcut buttons (log/recover/collect on a job notice) are not one-time questions: their
        // answers go into the thread and the notice keeps its buttons.
        boolean shortcut = step || Shortcuts.parse(a.getValue()).isPresent();
        ThreadSink sink = shortcut ? new ThreadSink(web, renderer, channel, threadTs, user, null, tracking)
            : new ThreadSink(web, renderer, channel, threadTs, user,
                new ThreadSink.Click(msgTs, questionBlocks, owner == null || owner.equals(user), seen), tracking);
        submit(() -> runBot(origin, sink, s -> bot.onChoice(origin, a.getValue(), s)));
    }

    private void onUserMessage(String eventId, String user, String botId, String subtype, String channel, String ts,
                               String threadTs, String rawText, String botUserId, Integer retryNum) {
        if (botId != null || subtype != null || user == null || user.equals(botUserId)) return; // bots, edits, self
        // app_mention and message.im can both carry one DM message: the message key catches that too.
        if (!seen.firstTime(eventId == null ? null : "event:" + eventId, ts == null ? null : "msg:" + channel + ":" + ts)) {
            log.debug("event={} duplicate delivery (retry={}) ignored", eventId, retryNum);
            return;
        }
        if (retryNum != null) log.info("event={} is retry {} but was never handled: handling it now", eventId, retryNum);
        String text = Mrkdwn.incoming(rawText, botUserId);
        Optional<AccessGuard.Refusal> no = access.check(user, channel);
        String thread = threadTs != null ? threadTs : ts;
        if (no.isPresent()) {
            refusals.refused(user, channel, text, no.get().code());
            submit(() -> new ThreadSink(web, renderer, channel, thread, user)
                .ephemeral(Messages.get(no.get().messageKey())));
            return;
        }
        Origin origin = new Origin(user, channel, thread);
        submit(() -> runBot(origin, new ThreadSink(web, renderer, channel, thread, user, null, tracking),
            sink -> bot.onMessage(origin, text, sink)));
    }

    private interface BotCall {
        void run(ThreadSink sink) throws Exception;
    }

    private void runBot(Origin origin, ThreadSink sink, BotCall call) {
        try {
            call.run(sink);
        } catch (Exception | Error e) {
            // The Bot promises not to throw; if it does anyway the person still gets an answer.
            log.error("user={} channel={} thread={} bot failed: {}", origin.userId(), origin.channelId(),
                origin.threadTs(), e.toString());
            sink.show(Reply.error(Messages.get("slack.error.internal")));
        }
    }

    private void submit(HandedOffWork.Work w) {
        work.submit(w);
    }

    /** Waits until every request handed off so far has finished (tests, shutdown). */
    public boolean awaitIdle(long timeout, TimeUnit unit) {
        return work.awaitIdle(timeout, unit);
    }
}
