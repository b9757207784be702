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
    private final PacedNotices paced;
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
        // the watcher's notices: persisted, paced per channel, combined when many end together (bot/PacedNotices)
        try {
            this.paced = PacedNotices.inStateDir(new SlackNotices(web, new BlockRenderer()), settings.stateDir());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the notice outbox in " + settings.stateDir(), e);
        }
        this.notices = paced;
        Bot bot = botFactory.apply(notices);
        this.listeners = new SlurmListeners(bot, web, new BlockRenderer(),
            DedupeStore.inStateDir(settings.stateDir()), new AccessGuard(settings.channels(), settings.users()),
            refusals, work);
        listeners.register(app);
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
        if (socket != null) socket.close();
        if (http != null) http.close();
        work.shutdown();
        paced.close(); // what still waits stays in the outbox for the next start
    }
}
