package ptj.slurmrunner.messages;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * Every Korean sentence the bot says lives in {@code src/main/resources/messages/*.properties} (UTF-8), one file
 * per area, looked up here by key. It sits on the ground floor: policy/, run/, report/ and the front ends all use
 * it. {@code {0}}, {@code {1}}… are replaced verbatim.
 * A missing key throws: a typo must fail a test, not print a key to a user.
 */
public final class Messages {
    // One file per area. Areas not written yet are skipped, so a feature adds its file without touching this list
    // of names twice (ops: service/doctor/health, cards: Slack cards and results, sweep, refs: thread references,
    // events: event-driven watcher).
    private static final List<String> FILES =
            List.of("core", "slack", "watch", "image", "intent", "ops", "cards", "sweep", "refs", "events", "results");
    private static final Properties ALL = load();

    private Messages() {}

    public static String get(String key, Object... args) {
        String template = ALL.getProperty(key);
        if (template == null) throw new IllegalArgumentException("no message for key " + key);
        String out = template;
        for (int i = 0; i < args.length; i++) {
            out = out.replace("{" + i + "}", String.valueOf(args[i]));
        }
        return out;
    }

    public static boolean has(String key) {
        return ALL.containsKey(key);
    }

    private static Properties load() {
        Properties p = new Properties();
        for (String f : FILES) {
            try (InputStream in = Messages.class.getResourceAsStream("/messages/" + f + ".properties")) {
                if (in == null) continue;
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    Properties part = new Properties();
                    part.load(r);
                    for (String k : part.stringPropertyNames()) {
                        if (p.containsKey(k)) throw new IllegalStateException("duplicate message key " + k);
                        p.setProperty(k, part.getProperty(k));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read messages/" + f + ".properties", e);
            }
        }
        return p;
    }
}
