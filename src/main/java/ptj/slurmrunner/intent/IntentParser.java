package ptj.slurmrunner.intent;

import java.util.List;

/** Turns one user message into an Intent. {@code profiles} are the names that exist right now. */
public interface IntentParser {
    Intent parse(String text, List<String> profiles);
}
