package ptj.slurmrunner.bot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ptj.slurmrunner.messages.Messages;

/**
 * The structured side of a {@link Reply}, for front ends that draw cards (Slack). The console ignores it and prints
 * {@link Reply#text()}, so nothing here may carry information the text lacks. No Block Kit: labels and values are
 * plain Korean strings, next steps are verbs with their explicit arguments; slack/ decides how they look.
 *
 * @param kind    what the card reports; front ends hook on it (e.g. a result card after {@link Kind#COLLECT})
 * @param title   the headline without emoji ("Job 제출 완료")
 * @param state   the job state the card shows (PENDING, RUNNING, COMPLETED, FAILED…) or null when not about a job
 * @param fields  label/value pairs, shown two per row
 * @param body    free text under the fields (a table, a log tail, a diagnosis), or null
 * @param steps   next-step buttons (로그 · 상태 · 결과 수집 · 취소 · 다시 실행 · 복구)
 * @param runDir  the run directory the card is about, or null
 * @param command the exact make command, for those who want to type it, or null
 * @param job     the job this card follows (its id and profile), or null; a SUBMIT card with a job is edited as
 *                the job moves
 */
public record Card(Kind kind, String title, String state, List<Field> fields, String body, List<Step> steps,
                   String runDir, String command, Job job) {

    public enum Kind { PROFILE, CONFIRM, SUBMIT, STATUS, LOG, COLLECT, CANCEL, RECOVER, JOB_FAILED, JOB_STATE, ERROR,
        REFUSAL, NOTICE, HELP, HISTORY, PROGRESS, INFO }

    public record Field(String label, String value) {}

    /**
     * The verbs a next-step button may carry; each becomes the Intent a person would type, except
     * {@link #RESOURCES}: it opens the front end's run form for the profile (Slack: the run modal), whose submit is
     * again a typed request.
     */
    public enum Verb { LOG, STATUS, COLLECT, CANCEL, RERUN, RECOVER, COMPARE, RESOURCES }

    /**
     * A next step. {@code overrides} are the explicit make variables a re-run repeats (CPUS, MEM, TIME, PARTITION,
     * ACCOUNT); empty for the others.
     */
    public record Step(Verb verb, String profile, String jobId, Map<String, String> overrides) {
        public Step {
            overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        }

        public static Step of(Verb verb, String profile, String jobId) {
            return new Step(verb, profile, jobId, Map.of());
        }

        /** The choice id the button carries; {@link Shortcuts#parse} reads it back. */
        public String choiceId() {
            return Shortcuts.id(this);
        }
    }

    /** The job a card is about; {@code detail} is the one-line why (pending reason, node, diagnosed cause). */
    public record Job(String jobId, String profile, String detail) {}

    public Card {
        fields = fields == null ? List.of() : List.copyOf(fields);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** SLURM states after which a job does nothing more. */
    public static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY",
        "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE");

    public static Card of(Kind kind, String title) {
        return new Card(kind, title, null, List.of(), null, List.of(), null, null, null);
    }

    public Card withState(String newState) {
        return new Card(kind, title, newState, fields, body, steps, runDir, command, job);
    }

    public Card withFields(List<Field> newFields) {
        return new Card(kind, title, state, newFields, body, steps, runDir, command, job);
    }

    public Card withBody(String newBody) {
        return new Card(kind, title, state, fields, newBody, steps, runDir, command, job);
    }

    public Card withSteps(List<Step> newSteps) {
        return new Card(kind, title, state, fields, body, newSteps, runDir, command, job);
    }

    public Card withContext(String newRunDir, String newCommand) {
        return new Card(kind, title, state, fields, body, steps, newRunDir, newCommand, job);
    }

    public Card withJob(Job newJob) {
        return new Card(kind, title, state, fields, body, steps, runDir, command, newJob);
    }

    public Card withTitle(String newTitle) {
        return new Card(kind, newTitle, state, fields, body, steps, runDir, command, job);
    }

    /** A field with its label from messages/cards.properties ({@code cards.field.<labelKey>}); blank → "-". */
    public static Field field(String labelKey, String value) {
        return new Field(Messages.get("cards.field." + labelKey), value == null || value.isBlank() ? "-" : value);
    }

    /** The state word for a SLURM state ("RUNNING" → "실행 중"); null is "제출됨". */
    public static String stateWord(String state) {
        if (state == null) return Messages.get("cards.state.SUBMITTED");
        return Messages.has("cards.state." + state) ? Messages.get("cards.state." + state)
            : Messages.get("cards.state.OTHER", state);
    }

    /** The buttons a job card offers in {@code state}: those that still make sense (no 취소 once it ended). */
    public static List<Step> stepsFor(String state, String profile, String jobId, Map<String, String> rerun) {
        List<Step> steps = new ArrayList<>();
        boolean ended = state != null && ENDED.contains(state);
        steps.add(Step.of(Verb.LOG, profile, jobId));
        if (!ended) {
            steps.add(Step.of(Verb.STATUS, null, null));
            steps.add(Step.of(Verb.CANCEL, profile, jobId));
        } else if ("COMPLETED".equals(state)) {
            steps.add(Step.of(Verb.COLLECT, profile, jobId));
        } else {
            steps.add(Step.of(Verb.RECOVER, profile, jobId));
        }
        if (profile != null) steps.add(new Step(Verb.RERUN, profile, null, rerun));
        return steps;
    }

    /**
     * A watcher notice about a job's state (⏳ PENDING with reason, 🏃 RUNNING on node, ✅/❌ the end with the
     * diagnosed cause). Front ends that keep one card per job update that card from it.
     */
    public static Card jobNotice(String jobId, String profile, String state, String detail, Field... fields) {
        return new Card(Kind.JOB_STATE, Messages.get("cards.title.job", profile, jobId, stateWord(state)), state,
            List.of(fields), null, List.of(), null, null, new Job(jobId, profile, detail));
    }
}
