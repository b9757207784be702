package ptj.slurmrunner.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.ops.Health;
import ptj.slurmrunner.ops.HealthServer;
import ptj.slurmrunner.slack.cards.JobCards;
import ptj.slurmrunner.bot.PacedNotices;

/**
 * Wires the Slack side: one {@link SlackConfig} (its Web API base from SLACK_API_URL) that reaches both the Bolt
 * App and our own calls, the listeners, and the transport — Socket Mode when an app token is set, else HTTP.
 */
public final class SlackFrontEnd implements AutoCloseable {
    private final SlackSettings settings;
    private final App app;
    private final SlackWeb web;
    private final SlurmListeners listeners;
    private final ExecutorService work;
    private final NoticeSink notices;
    private final SlackNotices cardNotices;
    private final PacedNotices paced;
    private final SlackSurfaces surfaces;
    private final CardTracking tracking;
    private HttpEventsServer http;
    private SocketModeRunner socket;
    private HealthServer healthServer;

    public SlackFrontEnd(SlackSettings settings, Bot bot, AccessGuard.RefusalLog refusals) {
        this(settings, notices -> bot, refusals);
    }

    /**
     * {@code botFactory} gets the sink for the watcher's notices (posted into the job's thread) and returns the
     * pipeline: the watcher needs Slack, and the pipeline needs the watcher.
     */
    public SlackFrontEnd(SlackSettings settings, java.util.function.Function<NoticeSink, Bot> botFactory,
                         AccessGuard.RefusalLog refusals) {
        settings.requireComplete();
        this.settings = settings;
        Slack slack = slack(settings);
        AppConfig config = new AppConfig();
        config.setSlack(slack);
        config.setSingleTeamBotToken(settings.botToken());
        config.setSigningSecret(settings.signingSecret());
        config.setAllEventsApiAutoAckEnabled(true); // edits, joins, bot messages: ack, never let Slack retry them
        config.setIgnoringSelfEventsEnabled(false); // our listeners drop bot/self messages without a bots.info call
        this.app = new App(config);
        this.web = new SlackWeb(slack.methods(settings.botToken()), settings.postInterval());
        AtomicInteger n = new AtomicInteger();
        this.work = Executors.newFixedThreadPool(Math.max(1, settings.workers()), r -> {
            Thread t = new Thread(r, "slurm-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.tracking = new CardTracking(new JobCards(settings.stateDir()), settings.broadcast());
        // the watcher's notices: persisted, paced per channel, combined when many end together (bot/PacedNotices);
        // each posted notice edits its job's card (CardTracking)
        try {
            this.cardNotices = new SlackNotices(web, new BlockRenderer(), tracking);
            this.paced = PacedNotices.inStateDir(cardNotices, settings.stateDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the notice outbox in " + settings.stateDir(), e);
        }
        this.notices = paced;
        DedupeStore seen = DedupeStore.inStateDir(settings.stateDir());
        AccessGuard access = new AccessGuard(settings.channels(), settings.users());
        this.surfaces = new SlackSurfaces(slack.methods(settings.botToken()), web, new BlockRenderer(), seen, access,
            refusals, work, SlackSurfaces.uploadMax(System.getenv()), java.time.Clock.systemUTC());
        Bot bot = botFactory.apply(surfaces.watching(notices)); // a job's notice also refreshes its owner's Home
        this.listeners = new SlurmListeners(bot, web, new BlockRenderer(), seen, access, refusals, work, tracking);
        listeners.register(app);
        surfaces.register(app, bot); // result card's CSV button, App Home, run modal
    }

    /** The one Slack client configuration: Web API base moved by SLACK_API_URL. */
    public static Slack slack(SlackSettings settings) {
        SlackConfig cfg = new SlackConfig();
        cfg.setMethodsEndpointUrlPrefix(settings.apiUrl());
        cfg.setPrettyResponseLoggingEnabled(false);
        return Slack.getInstance(cfg);
    }

    public void start() throws Exception {
        start(null, null, -1);
    }

    /**
     * Starts the transport; with a {@code health}, {@code GET /healthz} answers on the events port (HTTP mode) or,
     * in Socket Mode, on {@code healthBind:healthPort} when {@code healthPort >= 0} (SLURM_RUNNER_HEALTH_PORT).
     */
    public void start(Health health, String healthBind, int healthPort) throws Exception {
        if (settings.socketMode()) {
            socket = new SocketModeRunner(app, settings.appToken(), web, settings.watchdogInterval());
            socket.start();
            if (health != null && healthPort >= 0) {
                healthServer = new HealthServer(health, healthBind, healthPort).start();
            }
        } else {
            http = new HttpEventsServer(app, settings.bind(), settings.port(), 16, health);
            http.start();
        }
    }

    /**
     * The seam for the result card: {@code hook} runs after every collect report posted into a thread (button,
     * typed request, or the watcher's collect after `full`) with the collect Reply and the thread it went to.
     */
    public void afterCollect(PostCollectHook hook) {
        tracking.afterCollect(hook);
    }

    /** The web calls with the bot's manners (pacing, 429), for features that post or upload on their own. */
    public SlackWeb web() {
        return web;
    }

    /** Slack side of /healthz. */
    public Health.SlackState slackState() {
        if (socket != null) return socket.connected() ? Health.SlackState.CONNECTED : Health.SlackState.DISCONNECTED;
        return http != null ? Health.SlackState.LISTENING : Health.SlackState.DISCONNECTED;
    }

    /** Port of the Socket Mode health endpoint, -1 when none. */
    public int healthPort() {
        return healthServer == null ? -1 : healthServer.port();
    }

    /** First step of a graceful stop: no new events (the socket or the HTTP listener closes); work in hand goes on. */
    public void stopIntake() throws Exception {
        if (healthServer != null) healthServer.close();
        if (socket != null) socket.close();
        if (http != null) http.close();
    }

    /** Waits up to {@code timeout} for the work in hand (make calls and their replies); true when all finished. */
    public boolean awaitIdle(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean listenersIdle = listeners.awaitIdle(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // result cards, uploads and modal submits run on the surfaces' own executor: drain them in what is left
        long left = Math.max(0, deadline - System.nanoTime());
        return surfaces.awaitIdle(left, TimeUnit.NANOSECONDS) && listenersIdle;
    }

    /** The watcher's way into Slack: persisted and paced per channel (asynchronous). */
    public NoticeSink notices() {
        return notices;
    }

    /** Behind the pacer: posts a notice and edits its job's card at once (tests of the cards themselves). */
    public SlackNotices cardNotices() {
        return cardNotices;
    }

    public App app() {
        return app;
    }

    public SlackSurfaces surfaces() {
        return surfaces;
    }

    public SlurmListeners listeners() {
        return listeners;
    }

    public SocketModeRunner socket() {
        return socket;
    }

    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() throws Exception {
        listeners.awaitIdle(30, TimeUnit.SECONDS);
        surfaces.awaitIdle(30, TimeUnit.SECONDS);
        surfaces.close();
        if (healthServer != null) healthServer.close();
        if (socket != null) socket.close();
        if (http != null) http.close();
        work.shutdown();
        paced.close(); // what still waits stays in the outbox for the next start
    }
}
