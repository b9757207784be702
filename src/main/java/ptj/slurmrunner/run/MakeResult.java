package ptj.slurmrunner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one make run answered: the JSON object of its last stdout line (the toolkit contract), plus the raw output
 * for logs. When the run produced no JSON (crash, timeout, refused before start) {@code json} is synthesised with
 * {@code ok:false} and an error code (timeout, busy, invalid_variable, not_allowed, internal), so callers read one shape.
 */
public record MakeResult(List<String> command, int exitCode, JsonNode json, String stdout, String stderr,
                         boolean timedOut, Duration elapsed) {

    public boolean ok() {
        return exitCode == 0 && json.path("ok").asBoolean(false);
    }

    public String error() {
        return ok() ? null : text("error", "internal");
    }

    /** A string field of the JSON, or null. */
    public String text(String key) {
        JsonNode n = json.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    public String text(String key, String fallback) {
        String t = text(key);
        return t == null || t.isEmpty() ? fallback : t;
    }

    public List<String> list(String key) {
        List<String> out = new ArrayList<>();
        json.path(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A result for a run that never produced the toolkit's JSON. */
    public static MakeResult synthetic(List<String> command, String error, String message, String stdout, String stderr,
                                       boolean timedOut, Duration elapsed) {
        ObjectNode j = JsonNodeFactory.instance.objectNode();
        j.put("ok", false);
        j.put("error", error);
        if (message != null) j.put("message", message);
        return new MakeResult(command, -1, j, stdout, stderr, timedOut, elapsed);
    }

    /** For fakes and fixtures: a result carrying exactly {@code json} with an exit code matching its ok flag. */
    public static MakeResult ofJson(JsonNode json) {
        int exit = json.path("ok").asBoolean(false) ? 0 : 1;
        return new MakeResult(List.of(), exit, json, json.toString(), "", false, Duration.ZERO);
    }
}
