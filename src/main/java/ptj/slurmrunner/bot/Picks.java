package ptj.slurmrunner.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.Readings;

/**
 * Choices instead of "unknown" (issue 13): an unsure intent's likely readings become a question with one choice per
 * reading ({@code pick:<action>:<profile|->:<jobId|->}). Like a shortcut button, a pick is no stored plan: clicking
 * it (Slack) or typing its number (console) sends the request the reading stands for ("backtest_v5 로그") through
 * the parser and the policy with the clicker's own rights, so a cancel still names its job and still asks 예/아니오.
 */
public final class Picks {
    public static final String PREFIX = "pick:";
    private static final Pattern FORM = Pattern.compile(
        "^pick:([a-z][a-z-]{1,30}):([A-Za-z0-9][A-Za-z0-9_.-]{0,63}|-):([0-9]{1,12}(?:_[0-9]{1,6})?|-)$");

    private Picks() {}

    /** The question with one choice per reading, or empty when the intent offers none. */
    public static Optional<Reply> question(Intent intent) {
        if (intent.isSure() || intent.readings().isEmpty()) return Optional.empty();
        List<Reply.Choice> choices = new ArrayList<>();
        for (Intent.Reading r : intent.readings()) {
            String request = Readings.request(r);
            if (request == null) continue;
            choices.add(new Reply.Choice(id(r), request, null));
        }
        if (choices.isEmpty()) return Optional.empty();
        return Optional.of(new Reply(Reply.Tone.QUESTION, intent.question(), choices, null, true));
    }

    static String label(Intent.Reading r) {
        String request = Readings.request(r);
        return request == null ? r.action().wireName() : request;
    }

    static String id(Intent.Reading r) {
        return PREFIX + r.action().wireName() + ":" + (r.profile() == null ? "-" : r.profile()) + ":"
            + (r.jobId() == null ? "-" : r.jobId());
    }

    /** The typed request a pick id stands for, or empty when the id is not a well-formed pick. */
    public static Optional<String> asMessage(String id) {
        if (id == null) return Optional.empty();
        Matcher m = FORM.matcher(id);
        if (!m.matches()) return Optional.empty();
        Optional<Action> a = Action.fromWireName(m.group(1));
        if (a.isEmpty()) return Optional.empty();
        Intent.Reading r = new Intent.Reading(a.get(), dash(m.group(2)), dash(m.group(3)));
        return Optional.ofNullable(Readings.request(r));
    }

    private static String dash(String s) {
        return "-".equals(s) ? null : s;
    }
}
