package ptj.slurmrunner.intent;

import java.util.Collection;
import java.util.List;
import ptj.slurmrunner.messages.Messages;

/** The Korean questions a parser puts to the user when it is unsure (texts in messages/intent.properties). */
public final class Questions {
    private Questions() {}

    /** "실행", "로그 보기", … */
    public static String label(Action a) {
        return Messages.get("intent.action." + a.wireName());
    }

    /**
     * "backtest_v5 실행을 말씀하신 건가요? 맞다면 "backtest_v5 실행해줘" 라고 다시 보내 주세요." (without a profile: "run dir
     * 정리를 말씀하신 건가요? …"). The question reads as yes/no, but no plan is pending behind it (a typed 예 answers
     * nothing), so it names the message that does it.
     */
    public static String confirm(Action a, String profile) {
        return confirm(a, profile, null);
    }

    public static String confirm(Action a, String profile, String jobId) {
        String obj = Korean.object(label(a));
        String q = profile == null ? Messages.get("intent.ask.confirmNoProfile", obj)
                                   : Messages.get("intent.ask.confirm", profile, obj);
        return withExample(q, a, profile, jobId);
    }

    /**
     * One message that asks for {@code a} on {@code profile} ("backtest_v5 실행해줘"), or null when the action needs a
     * profile or job id that is not known (never a made-up one).
     */
    public static String example(Action a, String profile, String jobId) {
        String key = "intent.example." + a.wireName();
        if (a == Action.UNKNOWN || !Messages.has(key)) return null;
        String raw = Messages.get(key);
        if (raw.contains("{0}") && profile == null || raw.contains("{1}") && jobId == null) return null;
        return Messages.get(key, profile == null ? "" : profile, jobId == null ? "" : jobId);
    }

    private static String withExample(String question, Action a, String profile, String jobId) {
        String ex = example(a, profile, jobId);
        return ex == null ? question : question + " " + Messages.get("intent.ask.sendThis", ex);
    }

    public static String profileFor(Action a, Collection<String> profiles) {
        if (profiles.isEmpty()) return Messages.get("intent.ask.noProfiles");
        return Messages.get("intent.ask.profileFor", label(a), String.join(", ", profiles));
    }

    public static String unknownProfile(String word, Collection<String> profiles) {
        return Messages.get("intent.ask.unknownProfile", word, String.join(", ", profiles));
    }

    public static String didYouMean(String word, String profile, Action a) {
        return withExample(Messages.get("intent.ask.didYouMean", word, profile, Korean.object(label(a))), a, profile,
            null);
    }

    public static String multipleProfiles(Collection<String> named) {
        return Messages.get("intent.ask.multipleProfiles", String.join(", ", named));
    }

    public static String multipleActions(List<Action> actions) {
        return Messages.get("intent.ask.multipleActions",
            String.join(", ", actions.stream().map(Questions::label).toList()));
    }

    public static String negated(Action a) {
        return Messages.get("intent.ask.negated", Korean.topic(label(a)));
    }

    public static String vague(Action a, String profile) {
        String obj = Korean.object(label(a));
        return withExample(Messages.get("intent.ask.vague", profile == null ? obj : profile + " " + obj), a, profile,
            null);
    }

    public static String llmDestructive(Action a, String profile, String jobId) {
        String target = jobId != null ? "Job " + jobId + " " : profile != null ? profile + " " : "";
        return Messages.get("intent.ask.llmDestructive", target + Korean.object(label(a)));
    }

    public static String get(String key, Object... args) {
        return Messages.get("intent.ask." + key, args);
    }
}
