package ptj.slurmrunner.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** WireMock standing in for the Slack Web API (form-encoded requests, JSON answers), with readers for the bodies. */
final class SlackStandIn implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final WireMockServer wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().globalTemplating(true));

    SlackStandIn() {
        wm.start();
        stubDefaults();
    }

    void stubDefaults() {
        // auth.test first: Bolt calls it while building its middleware.
        wm.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson(
            "{\"ok\":true,\"url\":\"https://t.slack.com/\",\"team\":\"t\",\"user\":\"slurm-runner\",\"team_id\":\"T1\","
                + "\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\"}")));
        wm.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson(
            "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000{{randomValue length=3 type='NUMERIC'}}."
                + "{{randomValue length=6 type='NUMERIC'}}\"}")));
        wm.stubFor(post(urlPathEqualTo("/api/chat.update")).willReturn(okJson("{\"ok\":true}")));
        wm.stubFor(post(urlPathEqualTo("/api/chat.postEphemeral")).willReturn(okJson(
            "{\"ok\":true,\"message_ts\":\"1700000000.999999\"}")));
        wm.stubFor(post(urlPathEqualTo("/api/files.getUploadURLExternal")).willReturn(okJson(
            "{\"ok\":true,\"upload_url\":\"" + wm.baseUrl() + "/upload/F1\",\"file_id\":\"F1\"}")));
        wm.stubFor(post(urlPathEqualTo("/upload/F1")).willReturn(aResponse().withStatus(200).withBody("OK - 1")));
        wm.stubFor(post(urlPathEqualTo("/api/files.completeUploadExternal")).willReturn(okJson(
            "{\"ok\":true,\"files\":[{\"id\":\"F1\",\"title\":\"log\"}]}")));
        wm.stubFor(post(urlPathEqualTo("/response_url")).willReturn(aResponse().withStatus(200)));
    }

    String apiUrl() {
        return wm.baseUrl() + "/api/";
    }

    /** Form fields of every call to {@code method}, oldest first. */
    List<Map<String, String>> calls(String method) {
        List<Map<String, String>> out = new ArrayList<>();
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlPathEqualTo("/api/" + method)))) {
            out.add(form(r.getBodyAsString()));
        }
        return out;
    }

    static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            m.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static JsonNode blocks(Map<String, String> call) {
        try {
            return JSON.readTree(call.get("blocks"));
        } catch (Exception e) {
            throw new AssertionError("blocks is not JSON: " + call.get("blocks"), e);
        }
    }

    /** HTTP mode against this stand-in: loopback on a free port, signed with {@code secret}, unpaced posts. */
    Map<String, String> httpEnv(String secret, Path stateDir) {
        return Map.of("SLACK_BOT_TOKEN", "xoxb-test", "SLACK_SIGNING_SECRET", secret, "SLACK_API_URL", apiUrl(),
            "SLACK_BIND", "127.0.0.1", "SLACK_PORT", "0", "SLURM_RUNNER_STATE_DIR", stateDir.toString(),
            "SLACK_POST_INTERVAL_MS", "0");
    }

    SlackSettings httpSettings(String secret, Path stateDir) {
        return SlackSettings.fromEnv(httpEnv(secret, stateDir));
    }

    /** A confirmation card the bot posted or updated: its ts, the 예 button's value, its blocks, the buttons' block id. */
    record Question(String ts, String yes, String blocks, String blockId) {
        /** The block_actions payload of {@code user} clicking the card's button ({@link #yes}) in thread 1.100 of C1. */
        String clickPayload(String user, String actionTs, String responseUrl) {
            return "{\"type\":\"block_actions\",\"team\":{\"id\":\"T1\"},\"user\":{\"id\":\"" + user
                + "\"},\"api_app_id\":\"A1\",\"trigger_id\":\"tr" + actionTs + "\",\"container\":{\"type\":\"message\","
                + "\"message_ts\":\"" + ts + "\",\"channel_id\":\"C1\"},\"channel\":{\"id\":\"C1\"},"
                + "\"message\":{\"type\":\"message\",\"ts\":\"" + ts + "\",\"thread_ts\":\"1.100\",\"blocks\":" + blocks
                + "},\"response_url\":\"" + responseUrl + "\",\"actions\":[{\"action_id\":"
                + "\"slurm_choice_0\",\"block_id\":\"" + blockId + "\",\"type\":\"button\",\"value\":\"" + yes
                + "\",\"action_ts\":\"" + actionTs + "\"}]}";
        }
    }

    /** The latest confirmation card (a chat.postMessage or chat.update with the slurm_choices buttons), or null. */
    Question question() {
        Question found = null;
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(events); // oldest first
        try {
            for (ServeEvent e : events) {
                String url = e.getRequest().getUrl();
                if (!url.endsWith("chat.postMessage") && !url.endsWith("chat.update")) continue;
                Map<String, String> f = form(e.getRequest().getBodyAsString());
                if (f.get("blocks") == null || !f.get("blocks").contains("slurm_choices")) continue;
                String ts = url.endsWith("chat.update") ? f.get("ts")
                    : JSON.readTree(e.getResponse().getBodyAsString()).get("ts").asText();
                JsonNode actions = null; // the confirmation's buttons (the card's context line comes after them)
                for (JsonNode x : JSON.readTree(f.get("blocks"))) {
                    if (x.path("block_id").asText().startsWith("slurm_choices")) actions = x;
                }
                found = new Question(ts, actions.get("elements").get(0).get("value").asText(), f.get("blocks"),
                    actions.get("block_id").asText());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    @Override
    public void close() {
        wm.stop();
    }
}
