package ptj.slurmrunner.report;

import ptj.slurmrunner.messages.Messages;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ptj.slurmrunner.bot.Reply;

/**
 * Korean reports for the container image targets (slurm-image-status / -refresh / -push / -setup), from the JSON
 * keys of docs/toolkit-contract.md. Sentences live in messages/image.properties.
 */
final class ImageReports {

    private ImageReports() {}

    private static String m(String key, Object... args) {
        return Messages.get("image." + key, args);
    }

    /** image-status: missing → warning with the refresh hint; stale → warning with the differing lines; else info. */
    static Reply status(JsonNode j) {
        String image = j.path("image").asText("?");
        if (!j.path("exists").asBoolean(false)) {
            return new Reply(Reply.Tone.WARNING, m("status.missing", image), List.of(), null, true);
        }
        StringBuilder b = new StringBuilder(m("status.header", image,
            size(j.path("size").asLong(-1)), j.path("modified").asText("?"), shortSha(j.path("sha256").asText(""))));
        if (!j.path("stale").asBoolean(false)) {
            b.append('\n').append(m("status.fresh"));
            return new Reply(Reply.Tone.INFO, b.toString(), List.of(), null, true);
        }
        String reason = j.path("staleReason").asText("requirements_changed");
        if (!Messages.has("image.status.stale." + reason)) reason = "requirements_changed";
        b.append('\n').append(m("status.stale." + reason));
        List<String> diff = new ArrayList<>();
        j.path("requirementsDiff").forEach(d -> diff.add(d.asText()));
        for (String d : diff) {
            b.append('\n').append(m(d.startsWith("+") ? "status.diff.added" : "status.diff.removed", d.substring(1)));
        }
        b.append('\n').append(m("status.refresh_hint"));
        return new Reply(Reply.Tone.WARNING, b.toString(), List.of(), null, true);
    }

    /** image-refresh / -push / -setup success. */
    static String installed(String target, JsonNode j) {
        String text = m("installed", target == null ? "image" : target, j.path("image").asText("?"),
            size(j.path("size").asLong(-1)), shortSha(j.path("sha256").asText("")));
        String prev = j.path("previous").isTextual() ? j.path("previous").asText() : null;
        return text + "\n" + (prev == null ? m("installed.first") : m("installed.backup", prev));
    }

    static String size(long bytes) {
        if (bytes < 0) return "?";
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[i]);
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) + "…" : (sha.isEmpty() ? "?" : sha);
    }
}
