package ptj.slurmrunner.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Web API calls the bot makes, with the manners Slack asks for: a 429 is retried after its Retry-After
 * (bounded), chat.postMessage is paced per channel (~1/s), and {@code ok:false} is logged with its error code and
 * turned into {@link SlackCallFailed}. Tokens never reach a log line.
 */
public class SlackWeb {
    private static final Logger log = LoggerFactory.getLogger(SlackWeb.class);
    static final int MAX_ATTEMPTS = 4;
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    /** A Web API call that answered {@code ok:false} or could not be made. */
    public static final class SlackCallFailed extends RuntimeException {
        private final String error;

        public SlackCallFailed(String method, String error) {
            super(method + " failed: " + error);
            this.error = error;
        }

        public String error() {
            return error;
        }
    }

    @FunctionalInterface
    interface Call<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    private final MethodsClient client;
    private final Duration postInterval;
    private final Map<String, Object> channelLocks = new ConcurrentHashMap<>();
    private final Map<String, Long> lastPostNanos = new ConcurrentHashMap<>();

    public SlackWeb(MethodsClient client, Duration postInterval) {
        this.client = client;
        this.postInterval = postInterval;
    }

    /** Posts a message (in a thread when threadTs is non-null) and returns its ts. */
    public String post(String channel, String threadTs, String text, List<LayoutBlock> blocks) {
        return post(channel, threadTs, text, blocks, false);
    }

    /** Posts into a thread; {@code broadcast} also shows it in the channel (reply_broadcast). */
    public String post(String channel, String threadTs, String text, List<LayoutBlock> blocks, boolean broadcast) {
        pace(channel);
        ChatPostMessageResponse r = call("chat.postMessage", () -> client.chatPostMessage(q -> q
            .channel(channel).threadTs(threadTs).text(text).blocks(blocks).unfurlLinks(false).unfurlMedia(false)
            .replyBroadcast(broadcast && threadTs != null)));
        return r.getTs();
    }

    public void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        call("chat.update", () -> client.chatUpdate(q -> q.channel(channel).ts(ts).text(text).blocks(blocks)));
    }

    public void ephemeral(String channel, String user, String threadTs, String text) {
        ephemeral(channel, user, threadTs, text, null);
    }

    public void ephemeral(String channel, String user, String threadTs, String text, List<LayoutBlock> blocks) {
        call("chat.postEphemeral", () -> client.chatPostEphemeral(q -> q
            .channel(channel).user(user).threadTs(threadTs).text(text).blocks(blocks)));
    }

    public void upload(String channel, String threadTs, BlockRenderer.Upload file) {
        call("files.uploadV2", () -> client.filesUploadV2(q -> q
            .channel(channel).threadTs(threadTs).filename(file.filename()).title(file.title())
            .content(file.content())));
    }

    /** A binary file (a chart PNG, a result CSV) into the thread: getUploadURLExternal → POST → completeUploadExternal. */
    public void uploadBytes(String channel, String threadTs, String filename, String title, byte[] data) {
        call("files.uploadV2", () -> client.filesUploadV2(q -> q
            .channel(channel).threadTs(threadTs).filename(filename).title(title).fileData(data)));
    }

    /** auth.test, for the watchdog: true when the token still works and the API answers. */
    public boolean authTest() {
        try {
            call("auth.test", () -> client.authTest(q -> q));
            return true;
        } catch (SlackCallFailed e) {
            return false;
        }
    }

    private void pace(String channel) {
        if (postInterval.isZero() || postInterval.isNegative()) return;
        Object lock = channelLocks.computeIfAbsent(channel, c -> new Object());
        synchronized (lock) {
            Long last = lastPostNanos.get(channel);
            long now = System.nanoTime();
            if (last != null) {
                long waitNanos = last + postInterval.toNanos() - now;
                if (waitNanos > 0) sleep(Duration.ofNanos(waitNanos));
            }
            lastPostNanos.put(channel, System.nanoTime());
        }
    }

    <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                T r = call.run();
                if (!r.isOk()) {
                    log.warn("{} answered ok:false error={}", method, r.getError());
                    throw new SlackCallFailed(method, r.getError());
                }
                return r;
            } catch (SlackApiException e) {
                int status = e.getResponse() == null ? 0 : e.getResponse().code();
                if (status == 429 && attempt < MAX_ATTEMPTS) {
                    Duration wait = retryAfter(e.getResponse().header("Retry-After"));
                    log.info("{} rate limited (429), retrying in {} ms (attempt {}/{})", method, wait.toMillis(),
                        attempt, MAX_ATTEMPTS);
                    sleep(wait);
                    continue;
                }
                String err = e.getError() != null && e.getError().getError() != null ? e.getError().getError()
                    : "http_" + status;
                log.warn("{} failed: {}", method, err);
                throw new SlackCallFailed(method, err);
            } catch (IOException e) {
                log.warn("{} failed: {}", method, e.toString());
                throw new SlackCallFailed(method, "io_error");
            } catch (Exception e) {
                if (e instanceof SlackCallFailed f) throw f;
                log.warn("{} failed: {}", method, e.toString());
                throw new SlackCallFailed(method, e.getClass().getSimpleName());
            }
        }
    }

    static Duration retryAfter(String header) {
        long secs = 1;
        try {
            if (header != null) secs = Long.parseLong(header.trim());
        } catch (NumberFormatException ignored) {
            // keep 1 s
        }
        Duration d = Duration.ofSeconds(Math.max(1, secs));
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis(), (int) (d.toNanosPart() % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
