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
    private final SlackNotices notices;
    private final SlackSurfaces surfaces;
    private HttpEventsServer http;
    private SocketModeRunner socket;

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
        this.notices = new SlackNotices(web, new BlockRenderer());
        DedupeStore seen = DedupeStore.inStateDir(settings.stateDir());
        AccessGuard access = new AccessGuard(settings.channels(), settings.users());
        this.surfaces = new SlackSurfaces(slack.methods(settings.botToken()), web, new BlockRenderer(), seen, access,
            refusals, work, SlackSurfaces.uploadMax(System.getenv()), java.time.Clock.systemUTC());
        Bot bot = botFactory.apply(surfaces.watching(notices)); // a job's notice also refreshes its owner's Home
        this.listeners = new SlurmListeners(bot, web, new BlockRenderer(), seen, access, refusals, work);
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
        if (settings.socketMode()) {
            socket = new SocketModeRunner(app, settings.appToken(), web, settings.watchdogInterval());
            socket.start();
        } else {
            http = new HttpEventsServer(app, settings.bind(), settings.port(), 16);
            http.start();
        }
    }

    public NoticeSink notices() {
        return notices;
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
        if (socket != null) socket.close();
        if (http != null) http.close();
        work.shutdown();
    }
}
