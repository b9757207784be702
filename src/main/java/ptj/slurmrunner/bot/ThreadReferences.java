package ptj.slurmrunner.bot;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.Intent.Flag;
import ptj.slurmrunner.intent.IntentParser;
import ptj.slurmrunner.messages.Messages;

/**
 * "방금 거 취소해줘", "아까 그거 다시 돌려줘", "같은 설정으로 한 번 더", "그거 로그 보여줘", "위에 거 결과 가져와": the words that
 * point back are replaced by the explicit job id / profile / overrides of what the bot reported in this very thread
 * ({@link ThreadMemory}), and the message is then parsed as if typed so. The person sees what it resolved to before
 * anything is confirmed. Two candidates → it asks which (one choice each); none → it says so. A message that already
 * names a profile or job, or that the rules refuse (bulk, negated, suspicious), is left alone.
 */
final class ThreadReferences {
    private static final Pattern REFERENCE = Pattern.compile(
        "(?:방금|아까|좀\\s*전에?|조금\\s*전에?)\\s*(?:전에\\s*)?(?:돌린|제출한|올린|실행한|띄운|한|본|말한)?\\s*(?:그\\s*)?(?:거|것|꺼|그거|잡|job|작업)|"
            + "위에\\s*(?:있는\\s*|나온\\s*)?(?:거|꺼|것|잡|job)|위엣거|그\\s*잡|그\\s*job|그거|그것|"
            + "같은\\s*설정(?:으로|대로)?|같은\\s*걸로|똑같이|"
            + "(?<![a-z])(?:that\\s+one|that\\s+job|the\\s+last\\s+one|same\\s+settings)(?![a-z])");
    private static final Pattern SAME_SETTINGS = Pattern.compile("같은\\s*설정|같은\\s*걸로|똑같이|same\\s+settings");
    private static final Set<Flag> REFUSALS = EnumSet.of(Flag.BULK, Flag.NEGATED, Flag.SUSPICIOUS,
        Flag.MULTIPLE_ACTIONS, Flag.MULTIPLE_PROFILES, Flag.INVALID_VALUE);
    /** Actions about one job: the reference gives the job id (and its profile). */
    private static final Set<Action> BY_JOB = EnumSet.of(Action.CANCEL, Action.LOG, Action.STATUS, Action.WATCH,
        Action.HISTORY);
    /** Actions about a profile: the reference gives the profile (and, with "같은 설정", the overrides). */
    private static final Set<Action> BY_PROFILE = EnumSet.of(Action.RUN, Action.FULL, Action.PUSH, Action.SUBMIT,
        Action.COLLECT, Action.RECOVER, Action.SHOW);
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    sealed interface Resolution permits None, Resolved, Ask {}

    /** No reference, or nothing the thread can fill: parse the message as it is. */
    record None() implements Resolution {}

    /** {@code text}: the message with explicit values; {@code note}: what the reference was read as. */
    record Resolved(String text, String note) implements Resolution {}

    /** The question to put instead (which of two jobs? / nothing reported here). */
    record Ask(Reply reply) implements Resolution {}

    private ThreadReferences() {}

    static Resolution resolve(List<ThreadMemory.Record> thread, String text, IntentParser parser,
                              List<String> profiles, Clock clock) {
        String low = text.toLowerCase(Locale.ROOT);
        Matcher m = REFERENCE.matcher(low);
        if (!m.find()) return new None();
        boolean same = SAME_SETTINGS.matcher(low).find();
        String rest = (text.substring(0, m.start()) + " " + text.substring(m.end())).replaceAll("\\s+", " ").strip();
        Intent r = parser.parse(rest, profiles);
        if (r.flags().stream().anyMatch(REFUSALS::contains)) return new None();
        if (r.profile() != null || r.jobId() != null) return new None(); // explicit values win over a reference
        Action a = r.action();
        if (a == Action.UNKNOWN && same) a = Action.RUN; // "같은 설정으로 한 번 더"
        if (!BY_JOB.contains(a) && !BY_PROFILE.contains(a)) return new None();

        Map<String, ThreadMemory.Record> candidates = new LinkedHashMap<>();
        for (ThreadMemory.Record rec : thread) {
            if (BY_JOB.contains(a) && rec.jobId() != null) candidates.put(rec.jobId(), rec);
            if (BY_PROFILE.contains(a) && rec.profile() != null && profiles.contains(rec.profile())) {
                candidates.remove(rec.profile());
                candidates.put(rec.profile(), rec); // the latest record of that profile
            }
        }
        if (candidates.isEmpty()) return new Ask(Reply.info(Messages.get("refs.none")));
        if (candidates.size() > 1) {
            List<Reply.Choice> choices = new ArrayList<>();
            for (ThreadMemory.Record rec : candidates.values()) {
                Intent.Reading reading = new Intent.Reading(a, BY_PROFILE.contains(a) ? rec.profile() : null,
                    BY_JOB.contains(a) ? rec.jobId() : null);
                choices.add(new Reply.Choice(Picks.id(reading), Picks.label(reading) + " · " + describe(rec, clock), null));
            }
            return new Ask(new Reply(Reply.Tone.QUESTION, Messages.get("refs.which"), choices, null, true));
        }
        ThreadMemory.Record rec = candidates.values().iterator().next();
        String explicit;
        if (BY_JOB.contains(a)) {
            explicit = rec.jobId() + " " + rest;
        } else {
            explicit = rec.profile() + " " + rest + (same ? overridesText(rec.overrides()) : "");
            if (r.action() == Action.UNKNOWN) explicit += " " + Messages.get("refs.runVerb");
        }
        return new Resolved(explicit.replaceAll("\\s+", " ").strip(),
            Messages.get("refs.resolved", m.group().strip(), describe(rec, clock), explicit.strip()));
    }

    /** "Job 812 (backtest_v5, 이 스레드에서 14:02 제출)" / "backtest_v5 (이 스레드에서 14:02 실행)". */
    static String describe(ThreadMemory.Record rec, Clock clock) {
        // the team's wall clock (the machine's zone), whatever zone the pipeline's clock keeps
        String at = HHMM.format(Instant.ofEpochSecond(rec.at()).atZone(ZoneId.systemDefault()));
        String what = Messages.has("refs.did." + rec.action()) ? Messages.get("refs.did." + rec.action())
            : Messages.get("refs.did.other");
        return rec.jobId() != null
            ? Messages.get("refs.job", rec.jobId(), rec.profile() == null ? "-" : rec.profile(), at, what)
            : Messages.get("refs.profile", rec.profile(), at, what);
    }

    /** The thread's records as lines for a model's prompt, newest last. */
    static List<String> recent(List<ThreadMemory.Record> thread, Clock clock) {
        return thread.stream().map(r -> describe(r, clock)).toList();
    }

    /** The explicit overrides among a plan's make variables. */
    static Map<String, String> overridesOf(Map<String, String> vars) {
        Map<String, String> ov = new LinkedHashMap<>();
        for (String k : List.of("CPUS", "MEM", "TIME", "PARTITION", "ACCOUNT")) {
            if (vars.containsKey(k)) ov.put(k, vars.get(k));
        }
        return ov;
    }

    /** The run's overrides as words the rules read ("CPU 8개 메모리 16G …"); only well-formed keys. */
    static String overridesText(Map<String, String> ov) {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("CPUS", "MEM", "TIME", "PARTITION", "ACCOUNT")) {
            String v = ov.get(k);
            if (v == null || !v.matches("[A-Za-z0-9_:.-]{1,64}")) continue;
            b.append(' ').append(Messages.get("refs.override." + k, v));
        }
        return b.toString();
    }
}
