package ptj.slurmrunner.bot;

import java.util.List;

/**
 * One message of the bot, the single model behind the console text and Slack Block Kit.
 * {@code text} is the Korean report in the seed's plain-text formats (e.g. "[Job 제출 완료]\n  Profile: …").
 * {@code choices} become buttons in Slack and a "예/아니오" prompt in the console.
 * {@code attachment}, when non-null, is long output (a log) that Slack uploads as a file and the console prints.
 * {@code done} is false for progress messages ("⏳ …") that a later Reply to the same sink replaces.
 * {@code card}, when non-null, is the same report as structured data (fields, next steps, the job it follows) for
 * front ends that draw cards; the console never reads it.
 */
public record Reply(Tone tone, String text, List<Choice> choices, String attachment, boolean done, Card card) {

    public enum Tone { INFO, PROGRESS, SUCCESS, WARNING, ERROR, QUESTION }

    /**
     * A button. {@code id} is opaque (a stored plan id + verb); the bot resolves it on click.
     * {@code style} is "primary", "danger" or null.
     */
    public record Choice(String id, String label, String style) {}

    public Reply {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A reply without a card (the front end draws it from its text). */
    public Reply(Tone tone, String text, List<Choice> choices, String attachment, boolean done) {
        this(tone, text, choices, attachment, done, null);
    }

    public static Reply info(String text) { return new Reply(Tone.INFO, text, List.of(), null, true); }
    public static Reply progress(String text) { return new Reply(Tone.PROGRESS, text, List.of(), null, false); }
    public static Reply error(String text) { return new Reply(Tone.ERROR, text, List.of(), null, true); }

    public Reply withCard(Card newCard) {
        return new Reply(tone, text, choices, attachment, done, newCard);
    }

    /** The same reply with another text; the card stays as it is. */
    public Reply withText(String newText) {
        return new Reply(tone, newText, choices, attachment, done, card);
    }

    /** The same reply with a paragraph added to its text and, when it has a card, to the card's body. */
    public Reply withParagraph(String paragraph) {
        Card c = card == null ? null
            : card.withBody(card.body() == null || card.body().isBlank() ? paragraph : card.body() + "\n\n" + paragraph);
        return new Reply(tone, text + "\n\n" + paragraph, choices, attachment, done, c);
    }
}
