package ptj.slurmrunner.intent;

import java.util.List;

/** Turns one user message into an Intent. {@code profiles} are the names that exist right now. */
public interface IntentParser {
    Intent parse(String text, List<String> profiles);

    /**
     * The same, knowing what the bot reported earlier in this conversation ({@code recent}: lines like "Job 812
     * (backtest_v5, 이 스레드에서 14:02 제출)", newest last). Only a model parser uses them, as context for its
     * prompt; a job id must still be written in the message itself.
     */
    default Intent parse(String text, List<String> profiles, List<String> recent) {
        return parse(text, profiles);
    }
}
