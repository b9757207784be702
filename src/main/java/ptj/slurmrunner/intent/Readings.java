package ptj.slurmrunner.intent;

import ptj.slurmrunner.messages.Messages;

/**
 * A reading → the request a person would type for it ("backtest_v5 로그", "Job 12345 취소해줘"), which is also what
 * its button says. The request is parsed again when picked, so it must read back as the same reading by the rules
 * alone (ReadingsTest checks every action).
 */
public final class Readings {
    private Readings() {}

    /** The request, or null when the reading lacks what its action needs (no profile for a run, no job to cancel). */
    public static String request(Intent.Reading r) {
        if (r.action() == Action.CANCEL && r.jobId() == null) return null; // a cancel names its one job, always
        String key = "intent.pick." + r.action().wireName();
        if (!Messages.has(key)) return null;
        String target = r.profile() != null && r.jobId() != null ? r.profile() + " " + r.jobId()
            : r.profile() != null ? r.profile() : r.jobId() != null ? r.jobId() : "";
        String raw = Messages.get(key);
        boolean needsTarget = r.action() != Action.STATUS && r.action() != Action.HISTORY;
        if (raw.contains("{0}") && target.isEmpty() && needsTarget) return null;
        return Messages.get(key, target).strip();
    }
}
