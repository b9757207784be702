package ptj.slurmrunner.audit;

import java.util.Map;

/**
 * One line of the audit log: who asked what where, what the policy decided, what ran and how it ended.
 * {@code event}: message, choice, refused_choice, result. {@code decision}: allowed, confirm, denied, yes, no, stale.
 * {@code text} is the user's message, truncated and with anything token-like masked. Never holds secrets: the vars
 * are the validated make variables only.
 */
public record AuditEntry(String time, String event, String user, String channel, String text, String action,
                         String profile, String jobId, String decision, String code, String command,
                         Map<String, String> vars, String result, String error) {
    public AuditEntry {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }
}
