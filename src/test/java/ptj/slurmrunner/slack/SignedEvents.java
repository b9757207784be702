package ptj.slurmrunner.slack;

import com.slack.api.app_backend.SlackSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** Signed Events API bodies to a running front end (the Slack ITs share it), and the app_mention body they send. */
final class SignedEvents {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedEvents() {}

    static HttpResponse<String> send(SlackFrontEnd front, String secret, String body, String type) throws Exception {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.httpPort() + "/slack/events"))
            .header("Content-Type", type).header("X-Slack-Request-Timestamp", ts)
            .header("X-Slack-Signature", new SlackSignature.Generator(secret).generate(ts, body))
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(SlackFrontEnd front, String secret, String json) throws Exception {
        return send(front, secret, json, "application/json");
    }

    /** An app_mention event_callback body: {@code text} as typed (with the bot's mention if wanted), in a thread or not. */
    static String mention(String eventId, String user, String channel, String ts, String threadTs, String text) {
        return "{\"token\":\"x\",\"team_id\":\"T1\",\"api_app_id\":\"A1\",\"type\":\"event_callback\",\"event_id\":\""
            + eventId + "\",\"event_time\":1700000000,\"event\":{\"type\":\"app_mention\",\"user\":\"" + user
            + "\",\"text\":\"" + text + "\",\"ts\":\"" + ts + "\",\"channel\":\"" + channel + "\",\"event_ts\":\"" + ts
            + "\"" + (threadTs == null ? "" : ",\"thread_ts\":\"" + threadTs + "\"") + "}}";
    }

    /** {@code user} mentions the bot with {@code text} in channel C1, at {@code ts} (a new thread). */
    static String mention(String eventId, String user, String ts, String text) {
        return mention(eventId, user, "C1", ts, null, "<@UBOT> " + text);
    }
}
