package ptj.slurmrunner.slack;

import com.slack.api.app_backend.SlackSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

/** Sends one signed Events API body to a running front end (the result ITs share it). */
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
}
