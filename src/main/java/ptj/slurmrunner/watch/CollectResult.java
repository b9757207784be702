package ptj.slurmrunner.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The collect target's JSON object (docs/toolkit-contract.md: collect) as the watcher needs it. */
public record CollectResult(boolean ok, String error, String message, List<String> results, List<String> logs,
                            String runDir, boolean removed) {
    public CollectResult {
        results = results == null ? List.of() : List.copyOf(results);
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    public static CollectResult failed(String error, String message) {
        return new CollectResult(false, error, message, List.of(), List.of(), null, false);
    }

    /** From {@code make slurm-collect OUTPUT=json}'s last stdout line, already parsed. */
    public static CollectResult fromJson(JsonNode n) {
        return new CollectResult(n.path("ok").asBoolean(false), text(n, "error"), text(n, "message"),
                strings(n.path("results")), strings(n.path("logs")), text(n, "runDir"),
                n.path("removed").asBoolean(false));
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr.isArray()) arr.forEach(x -> out.add(x.asText()));
        return out;
    }
}
