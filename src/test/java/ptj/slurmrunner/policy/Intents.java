package ptj.slurmrunner.policy;

import java.util.Map;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;

/** Hand-written intents (the parser is another part's job; the policy only sees Intents). */
public final class Intents {
    private Intents() {}

    public static Intent sure(Action a, String profile) {
        return Intent.sure(a, profile, null);
    }

    public static Intent job(Action a, String profile, String jobId) {
        return Intent.sure(a, profile, jobId);
    }

    public static Intent with(Action a, String profile, Map<String, String> overrides) {
        return new Intent(a, profile, null, overrides, false, Intent.Confidence.SURE, "test", null);
    }

    public static Intent dry(Action a, String profile) {
        return new Intent(a, profile, null, Map.of(), true, Intent.Confidence.SURE, "test", null);
    }

    public static Intent unsure(Action a, String profile) {
        return new Intent(a, profile, null, Map.of(), false, Intent.Confidence.UNSURE, "test", "backtest_v5 실행을 말씀하신 건가요?");
    }
}
