package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifests ask for exactly what the listeners and Web API calls use: no more, no less. */
class SlackManifestTest {
    static final List<String> SCOPES = List.of("app_mentions:read", "chat:write", "commands", "files:write", "im:history",
        "im:write");
    static final List<String> EVENTS = List.of("app_mention", "message.im", "app_home_opened");

    static List<String> listAfter(List<String> lines, String key) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size() && !lines.get(i).trim().equals(key + ":")) i++;
        for (i++; i < lines.size() && lines.get(i).trim().startsWith("- "); i++) {
            out.add(lines.get(i).trim().substring(2).trim());
        }
        return out;
    }

    @Test
    void should_ask_for_exactly_the_scopes_events_and_command_the_bot_uses() throws Exception {
        for (String f : List.of("config/slack-manifest.yml", "config/slack-manifest.http.yml")) {
            List<String> lines = Files.readAllLines(Path.of(f));
            assertEquals(SCOPES, listAfter(lines, "bot"), f);
            assertEquals(EVENTS, listAfter(lines, "bot_events"), f);
            String all = String.join("\n", lines);
            assertTrue(all.contains("- command: " + SlurmListeners.COMMAND), f);
            assertTrue(all.contains("interactivity:\n    is_enabled: true"), f);
        }
        assertTrue(Files.readString(Path.of("config/slack-manifest.yml")).contains("socket_mode_enabled: true"));
        String http = Files.readString(Path.of("config/slack-manifest.http.yml"));
        assertTrue(http.contains("socket_mode_enabled: false"));
        assertTrue(http.contains("request_url: https://YOUR-HOST" + SlackSettings.EVENTS_PATH));
    }
}
