package ptj.slurmrunner.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.view.View;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.Shortcuts;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.results.Results;
import ptj.slurmrunner.slack.home.HomeView;
import ptj.slurmrunner.slack.home.RunModal;
import ptj.slurmrunner.slack.results.ResultCards;

/**
 * The Slack surfaces beyond the thread, registered from this one class: the result card's "CSV 받기" button, the App
 * Home tab "내 작업" (published on {@code app_home_opened} and again, throttled, when one of the viewer's jobs changes
 * state), its job menu, and the run modal ("새 작업", "리소스 바꿔서 실행"). Like {@link SlurmListeners}: check the
 * allow-lists, ack at once, work on {@code work}. Every request a surface makes goes to the pipeline as the message
 * a person would type or the shortcut a notice button carries, so the parser and the policy decide.
 */
public final class SlackSurfaces {
    private static final Logger log = LoggerFactory.getLogger(SlackSurfaces.class);
    static final long DEFAULT_UPLOAD_MAX = 5L * 1024 * 1024;
    static final Duration HOME_THROTTLE = Duration.ofSeconds(10);
    private static final Pattern CSV_VALUE = Pattern.compile("csv:([A-Za-z0-9][A-Za-z0-9_.-]{0,63}):([0-9]{1,12}(?:_[0-9]{1,6})?)");
    private static final Pattern THREAD_LINK = Pattern.compile("/archives/([A-Z0-9]+)/p([0-9]+)([0-9]{6})$");

    private final MethodsClient client;
    private final SlackWeb web;
    private final BlockRenderer renderer;
    private final DedupeStore seen;
    private final AccessGuard access;
    private final AccessGuard.RefusalLog refusals;
    private final HandedOffWork work;
    private final long uploadMax;
    private final Clock clock;
    private final ScheduledExecutorService homeTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "slack-home");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Long> lastHome = new ConcurrentHashMap<>();
    private final Map<String, Boolean> homeDue = new ConcurrentHashMap<>();
    private final Map<String, String> permalinks = new ConcurrentHashMap<>();
    private volatile Bot bot;

    public SlackSurfaces(MethodsClient client, SlackWeb web, BlockRenderer renderer, DedupeStore seen,
                         AccessGuard access, AccessGuard.RefusalLog refusals, ExecutorService work, long uploadMax,
                         Clock clock) {
        this.client = client;
        this.web = web;
        this.renderer = renderer;
        this.seen = seen;
        this.access = access;
        this.refusals = refusals;
        this.work = new HandedOffWork(work, log, "surface work");
        this.uploadMax = uploadMax;
        this.clock = clock;
    }

    /** SLURM_RUNNER_UPLOAD_MAX_KB: the largest result file "CSV 받기" uploads (default 5 MB). */
    public static long uploadMax(Map<String, String> env) {
        String v = env.getOrDefault("SLURM_RUNNER_UPLOAD_MAX_KB", "");
        return v.matches("[0-9]{1,9}") ? Long.parseLong(v) * 1024 : DEFAULT_UPLOAD_MAX;
    }

    /** The watcher's notices, and after each one the owner's Home tab is published again (throttled). */
    public NoticeSink watching(NoticeSink inner) {
        return new NoticeSink() {
            @Override
            public void notice(Origin origin, Reply reply) {
                inner.notice(origin, reply);
                if (origin != null) homeChanged(origin.userId());
            }

            @Override
            public void progress(Origin origin, ptj.slurmrunner.bot.Card card) {
                inner.progress(origin, card);
            }

            @Override
            public void result(Origin origin, ResultReport report) {
                inner.result(origin, report);
            }
        };
    }

    public void register(App app, Bot pipeline) {
        this.bot = pipeline;
        app.event(AppHomeOpenedEvent.class, (payload, ctx) -> {
            AppHomeOpenedEvent e = payload.getEvent();
            if ("home".equals(e.getTab()) && e.getUser() != null
                    && seen.firstTime(payload.getEventId() == null ? null : "event:" + payload.getEventId())) {
                submit(() -> publishHome(e.getUser()));
            }
            return ctx.ack();
        });
        app.blockAction(ResultCards.CSV_ACTION, (req, ctx) -> {
            Click c = click(req.getPayload());
            if (c == null || !allowed(c, "csv")) return ctx.ack();
            submit(() -> sendCsv(c));
            return ctx.ack();
        });
        app.blockAction(HomeView.NEW_JOB_ACTION, (req, ctx) -> {
            Click c = click(req.getPayload());
            if (c == null || !allowed(c, "new_job")) return ctx.ack();
            submit(() -> openModal(req.getPayload().getTriggerId(), null, new RunModal.Context(null, null, null)));
            return ctx.ack();
        });
        app.blockAction(RunModal.OPEN_ACTION, (req, ctx) -> {
            Click c = click(req.getPayload());
            if (c == null || !allowed(c, "modal")) return ctx.ack();
            submit(() -> openModal(req.getPayload().getTriggerId(), c.value,
                new RunModal.Context(c.channel, c.threadTs, null)));
            return ctx.ack();
        });
        app.blockAction(RunModal.PROFILE_ACTION, (req, ctx) -> {
            var p = req.getPayload();
            Click c = click(p);
            if (c == null || p.getView() == null || !allowed(c, "modal_profile")) return ctx.ack();
            String viewId = p.getView().getId();
            String hash = p.getView().getHash();
            RunModal.Context where = RunModal.readContext(p.getView().getPrivateMetadata());
            submit(() -> {
                View v = RunModal.build(bot.profiles(), c.value, where);
                web.call("views.update", () -> client.viewsUpdate(r -> r.viewId(viewId).hash(hash).view(v)));
            });
            return ctx.ack();
        });
        app.blockAction(HomeView.JOB_MENU_ACTION, (req, ctx) -> {
            Click c = click(req.getPayload());
            if (c == null || !allowed(c, "home_menu")) return ctx.ack();
            submit(() -> jobMenu(c));
            return ctx.ack();
        });
        app.viewSubmission(RunModal.CALLBACK, (req, ctx) -> {
            var p = req.getPayload();
            String user = p.getUser() == null ? null : p.getUser().getId();
            Optional<AccessGuard.Refusal> no = access.check(user, null).filter(r -> !r.code().equals("channel_not_allowed"));
            if (no.isPresent()) {
                refusals.refused(user, null, "modal", no.get().code());
                return ctx.ack(r -> r.responseAction("errors").errors(Map.of("profile", Messages.get(no.get().messageKey()))));
            }
            RunModal.Submission s = RunModal.read(p.getView().getState(), p.getView().getPrivateMetadata(), bot.profiles());
            if (!s.valid()) return ctx.ack(r -> r.responseAction("errors").errors(s.errors()));
            submit(() -> submitModal(user, s));
            return ctx.ack();
        });
    }

    // ---- App Home ---------------------------------------------------------------------------------------------

    /** Publishes the viewer's "내 작업" (views.publish). */
    void publishHome(String user) {
        lastHome.put(user, clock.millis());
        List<SubmittedJobs.Tracked> jobs = bot.tracked();
        for (SubmittedJobs.Tracked t : jobs) {
            if (user.equals(t.requester()) && t.threadLink() != null) permalink(t);
        }
        View v = HomeView.build(user, jobs, permalinks, clock.instant(), ZoneId.systemDefault());
        web.call("views.publish", () -> client.viewsPublish(r -> r.userId(user).view(v)));
    }

    /** A job of {@code user} changed state: publish again, at most once per {@link #HOME_THROTTLE}. */
    void homeChanged(String user) {
        if (user == null || "console".equals(user) || homeDue.putIfAbsent(user, Boolean.TRUE) != null) return;
        long wait = Math.max(0, lastHome.getOrDefault(user, 0L) + HOME_THROTTLE.toMillis() - clock.millis());
        homeTimer.schedule(() -> {
            homeDue.remove(user);
            try {
                publishHome(user);
            } catch (RuntimeException e) {
                log.warn("user={} home not published: {}", user, e.toString());
            }
        }, wait, TimeUnit.MILLISECONDS);
    }

    /** chat.getPermalink for the job's thread (the workspace's own link), cached; the plain archive link if it fails. */
    private void permalink(SubmittedJobs.Tracked t) {
        if (permalinks.containsKey(t.jobId())) return;
        Optional<String[]> where = thread(t.threadLink());
        if (where.isEmpty()) return;
        try {
            var r = web.call("chat.getPermalink", () -> client.chatGetPermalink(q -> q.channel(where.get()[0])
                .messageTs(where.get()[1])));
            if (r.getPermalink() != null) permalinks.put(t.jobId(), r.getPermalink());
        } catch (SlackWeb.SlackCallFailed e) {
            log.debug("permalink of job {}: {}", t.jobId(), e.error());
        }
    }

    /** channel and thread ts from the watcher's archive link ({@code …/archives/C1/p1700000123456789}). */
    static Optional<String[]> thread(String link) {
        if (link == null) return Optional.empty();
        Matcher m = THREAD_LINK.matcher(link);
        return m.find() ? Optional.of(new String[] {m.group(1), m.group(2) + "." + m.group(3)}) : Optional.empty();
    }

    private void jobMenu(Click c) {
        String v = c.value;
        if (v == null || v.startsWith("home:thread:")) return; // a link: Slack opened it
        String jobId = v.startsWith(HomeView.CANCEL_PREFIX) ? v.substring(HomeView.CANCEL_PREFIX.length())
            : Shortcuts.parse(v).map(Shortcuts.Shortcut::jobId).orElse(null);
        if (jobId == null || !jobId.matches("[0-9]{1,12}(_[0-9]{1,6})?")) return;
        // answer in the job's own thread when the bot knows it, else in the person's DM
        SubmittedJobs.Tracked job = bot.tracked().stream().filter(t -> t.jobId().equals(jobId)).findFirst().orElse(null);
        Optional<String[]> where = thread(job == null ? null : job.threadLink());
        String channel = where.map(w -> w[0]).orElseGet(() -> dm(c.user));
        String threadTs = where.map(w -> w[1]).orElse(null);
        if (channel == null) return;
        Origin origin = new Origin(c.user, channel, threadTs);
        ThreadSink sink = new ThreadSink(web, renderer, channel, threadTs, c.user);
        if (v.startsWith(HomeView.CANCEL_PREFIX)) bot.onMessage(origin, jobId + " 취소", sink);
        else bot.onChoice(origin, v, sink);
    }

    // ---- run modal --------------------------------------------------------------------------------------------

    private void openModal(String triggerId, String profile, RunModal.Context where) {
        View v = RunModal.build(bot.profiles(), profile, where);
        web.call("views.open", () -> client.viewsOpen(r -> r.triggerId(triggerId).view(v)));
    }

    private void submitModal(String user, RunModal.Submission s) {
        String channel = s.context().channel() != null ? s.context().channel() : dm(user);
        if (channel == null) return;
        String threadTs = s.context().channel() != null ? s.context().threadTs() : null;
        Origin origin = new Origin(user, channel, threadTs);
        bot.onMessage(origin, s.message(), new ThreadSink(web, renderer, channel, threadTs, user));
    }

    private String dm(String user) {
        try {
            return web.call("conversations.open", () -> client.conversationsOpen(r -> r.users(List.of(user))))
                .getChannel().getId();
        } catch (SlackWeb.SlackCallFailed e) {
            log.warn("user={} cannot open a DM: {}", user, e.error());
            return null;
        }
    }

    // ---- CSV 받기 -----------------------------------------------------------------------------------------------

    private void sendCsv(Click c) {
        ThreadSink sink = new ThreadSink(web, renderer, c.channel, c.threadTs, c.user);
        Matcher m = CSV_VALUE.matcher(String.valueOf(c.value));
        Results results = bot.results();
        if (!m.matches() || results == null) return;
        Optional<ResultReport.FileInfo> f = results.downloadable(m.group(1), m.group(2));
        if (f.isEmpty()) {
            sink.ephemeral(Messages.get("results.slack.csv_missing", m.group(1), m.group(2)));
            return;
        }
        if (f.get().size() > uploadMax || f.get().size() < 0) {
            sink.ephemeral(Messages.get("results.slack.csv_too_big", f.get().localPath(), f.get().sizeText(),
                ResultReport.sizeText(uploadMax)));
            return;
        }
        try {
            byte[] data = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(f.get().localPath()));
            String name = f.get().path().substring(f.get().path().lastIndexOf('/') + 1);
            web.uploadBytes(c.channel, c.threadTs, name, name, data);
        } catch (java.io.IOException | SlackWeb.SlackCallFailed e) {
            sink.ephemeral(Messages.get("results.slack.csv_failed", e instanceof SlackWeb.SlackCallFailed s ? s.error()
                : e.getClass().getSimpleName(), f.get().localPath()));
        }
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    /** Who clicked what where; {@code value} is the button's value or the chosen overflow option's. */
    private record Click(String user, String channel, String threadTs, String value) {}

    private Click click(BlockActionPayload p) {
        ClickPlace at = ClickPlace.of(p);
        if (at == null) return null;
        BlockActionPayload.Action a = at.action();
        String value = a.getSelectedOption() != null ? a.getSelectedOption().getValue() : a.getValue();
        if (!seen.firstTime("click:" + a.getActionId() + ":" + value + ":" + at.user() + ":" + a.getActionTs())) return null;
        return new Click(at.user(), at.channel(), at.threadTs(), value);
    }

    /** The allow-lists; a Home-tab click has no channel, so only the user list applies there. */
    private boolean allowed(Click c, String what) {
        Optional<AccessGuard.Refusal> no = access.check(c.user, c.channel);
        if (c.channel == null) no = no.filter(r -> !r.code().equals("channel_not_allowed"));
        if (no.isEmpty()) return true;
        refusals.refused(c.user, c.channel, what + " " + c.value, no.get().code());
        if (c.channel != null) {
            String key = no.get().messageKey();
            submit(() -> new ThreadSink(web, renderer, c.channel, c.threadTs, c.user).ephemeral(Messages.get(key)));
        }
        return false;
    }

    private void submit(HandedOffWork.Work w) {
        work.submit(w);
    }

    public boolean awaitIdle(long timeout, TimeUnit unit) {
        return work.awaitIdle(timeout, unit);
    }

    public void close() {
        homeTimer.shutdownNow();
    }
}
