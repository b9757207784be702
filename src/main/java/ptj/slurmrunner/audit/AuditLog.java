package ptj.slurmrunner.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only JSON-lines audit file ({@code $SLURM_RUNNER_STATE_DIR/audit.jsonl}, default {@code state/audit.jsonl}):
 * one line for every decision, including denials and refused clicks, and one for every result. The {@code history}
 * action reads it back ("최근 기록", "12345 누가 취소했어?").
 */
public final class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper()
        .setSerializationInclusion(JsonInclude.Include.NON_NULL)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    static final int MAX_TEXT = 200;
    /** Slack tokens, API keys and key=value secrets a user might paste by mistake. */
    private static final Pattern SECRET = Pattern.compile(
        "(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,}|(?i)(password|passwd|token|secret|api[_-]?key)\\s*[=:]\\s*\\S+)");

    private static final Pattern LONE_SURROGATE = Pattern.compile("[\\x{D800}-\\x{DFFF}]");

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized void append(AuditEntry e) {
        AuditEntry clean = new AuditEntry(e.time(), e.event(), e.user(), e.channel(), sanitize(e.text()), e.action(),
            e.profile(), e.jobId(), e.decision(), e.code(), e.command(), e.vars(), e.result(), e.error());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, JSON.writeValueAsString(clean) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            // The audit must not take the bot down; the failure itself goes to the log (without the entry's text).
            log.error("cannot append to audit log {}: {}", file, ex.toString());
        }
    }

    public synchronized List<AuditEntry> all() {
        List<AuditEntry> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    out.add(JSON.readValue(line, AuditEntry.class));
                } catch (IOException bad) {
                    // A torn last line after a crash: skip it, keep the rest.
                }
            }
        } catch (IOException e) {
            log.error("cannot read audit log {}: {}", file, e.toString());
        }
        return out;
    }

    public List<AuditEntry> recent(int n) {
        List<AuditEntry> all = all();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    static String sanitize(String text) {
        if (text == null) return null;
        String t = SECRET.matcher(text).replaceAll("***");
        t = t.replaceAll("[\\r\\n]+", " ");
        if (t.length() > MAX_TEXT) {
            int cut = Character.isHighSurrogate(t.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
            t = t.substring(0, cut) + "…";
        }
        // A lone surrogate cannot be written as UTF-8: the whole entry would be lost, so a crafted message could
        // hide from the audit. Java regexes see a valid pair as one code point, so this only hits lone halves.
        return LONE_SURROGATE.matcher(t).replaceAll("\uFFFD");
    }
}
