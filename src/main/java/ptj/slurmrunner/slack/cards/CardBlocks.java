package ptj.slurmrunner.slack.cards;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.slack.ActionIds;
import ptj.slurmrunner.slack.Mrkdwn;

/**
 * The pieces every card is made of, each already inside Block Kit's limits: a header with the state emoji, fields
 * two to a row, text sections split under 3000 characters, next-step buttons (취소 red, with Slack's confirm
 * dialog), and the context line. {@code BlockRenderer} puts them together for a Reply; other Slack features (the
 * result card, App Home) reuse them so every card looks and limits alike.
 */
public final class CardBlocks {
    private static final Logger log = LoggerFactory.getLogger(CardBlocks.class);
    /** Room for the ``` fences and escapes inside a section's 3000 characters. */
    public static final int SECTION_CHUNK = 2900;

    private CardBlocks() {}

    /** A header block: plain text, at most 150 characters. */
    public static LayoutBlock header(String text) {
        String t = BlockLimits.cut(text == null || text.isBlank() ? "slurm-runner" : text.strip().replace('\n', ' '),
            BlockLimits.HEADER_TEXT);
        return com.slack.api.model.block.Blocks.header(h -> h.text(plainText(p -> p.text(t).emoji(true))));
    }

    /** The emoji of a job state: ⏳ waiting, 🏃 running, ✅ done, 🚫 cancelled, ⏰ timed out, ❌ any other end. */
    public static String stateEmoji(String state) {
        if (state == null) return "⏳";
        return switch (state) {
            case "SUBMITTED", "PENDING", "REQUEUED", "SUSPENDED" -> "⏳";
            case "RUNNING", "COMPLETING", "CONFIGURING", "STAGE_OUT", "SIGNALING", "RESIZING" -> "🏃";
            case "COMPLETED" -> "✅";
            case "CANCELLED" -> "🚫";
            case "TIMEOUT", "DEADLINE" -> "⏰";
            default -> Card.ENDED.contains(state) ? "❌" : "🔹";
        };
    }

    /** The emoji of a reply's tone. */
    public static String toneEmoji(Reply.Tone tone) {
        return switch (tone == null ? Reply.Tone.INFO : tone) {
            case INFO -> "";
            case PROGRESS -> "⏳";
            case SUCCESS -> "✅";
            case WARNING -> "⚠️";
            case ERROR -> "❌";
            case QUESTION -> "❓";
        };
    }

    /**
     * Fields, two columns, at most 10 per section and {@code maxSections} sections; what does not fit is counted in
     * the last field ("외 N개 항목"). Values are escaped and cut under 2000 characters.
     */
    public static List<LayoutBlock> fields(List<Card.Field> fields, int maxSections) {
        List<LayoutBlock> out = new ArrayList<>();
        int capacity = BlockLimits.FIELDS * maxSections;
        List<Card.Field> shown = fields;
        if (fields.size() > capacity) {
            shown = new ArrayList<>(fields.subList(0, capacity - 1));
            shown.add(new Card.Field("…", Messages.get("cards.fields.more", fields.size() - capacity + 1)));
        }
        for (int from = 0; from < shown.size(); from += BlockLimits.FIELDS) {
            List<TextObject> texts = new ArrayList<>();
            for (Card.Field f : shown.subList(from, Math.min(shown.size(), from + BlockLimits.FIELDS))) {
                String label = BlockLimits.cut(Mrkdwn.escape(f.label()), 100);
                String value = Mrkdwn.escape(f.value());
                texts.add(markdownText(BlockLimits.cut("*" + label + "*\n" + value, BlockLimits.FIELD_TEXT)));
            }
            out.add(section(s -> s.fields(texts)));
        }
        return out;
    }

    /** Plain mrkdwn text (escaped) as sections of at most 2900 characters. */
    public static List<LayoutBlock> text(String text) {
        List<LayoutBlock> out = new ArrayList<>();
        for (String c : chunk(Mrkdwn.escape(text), SECTION_CHUNK)) out.add(section(s -> s.text(markdownText(c))));
        return out;
    }

    /** Text in a code block (aligned tables, log lines), split over sections. */
    public static List<LayoutBlock> code(List<String> chunks) {
        List<LayoutBlock> out = new ArrayList<>();
        for (String c : chunks) out.add(section(s -> s.text(markdownText("```" + c + "```"))));
        return out;
    }

    /** Escaped code text split into section-sized pieces (the caller decides how many to show). */
    public static List<String> codeChunks(String text) {
        return chunk(Mrkdwn.escapeCode(text), SECTION_CHUNK - 8);
    }

    /** A context line: each part one element (at most 10), each cut under the section limit. */
    public static LayoutBlock context(List<String> mrkdwnParts) {
        List<ContextBlockElement> els = new ArrayList<>();
        for (String p : mrkdwnParts) {
            if (els.size() == BlockLimits.CONTEXT_ELEMENTS) break;
            els.add(markdownText(BlockLimits.cut(p, BlockLimits.FIELD_TEXT)));
        }
        return com.slack.api.model.block.Blocks.context(c -> c.elements(els));
    }

    /** Buttons for a confirmation's choices (or a notice's shortcuts), in block {@code slurm_choices[:owner]}. */
    public static LayoutBlock choices(List<Reply.Choice> choices, String ownerId) {
        List<BlockElement> buttons = new ArrayList<>();
        for (int i = 0; i < choices.size() && buttons.size() < BlockLimits.ACTIONS_ELEMENTS; i++) {
            Reply.Choice ch = choices.get(i);
            if (ch.id() == null || ch.id().length() > BlockLimits.ACTION_VALUE) {
                log.warn("choice {} dropped: its id does not fit a button value", i);
                continue;
            }
            String actionId = ActionIds.choice(i);
            String label = BlockLimits.cut(ch.label(), BlockLimits.BUTTON_TEXT);
            buttons.add(button(b -> b.actionId(actionId).value(ch.id())
                .text(plainText(p -> p.text(label).emoji(true)))
                .style("primary".equals(ch.style()) || "danger".equals(ch.style()) ? ch.style() : null)));
        }
        String blockId = ownerId == null ? ActionIds.CHOICES_BLOCK : ActionIds.CHOICES_BLOCK + ":" + ownerId;
        return actions(a -> a.blockId(blockId).elements(buttons));
    }

    /** Next-step buttons in block {@code slurm_steps}; 취소 is red and asks Slack's confirm dialog first. */
    public static LayoutBlock steps(List<Card.Step> steps) {
        List<BlockElement> buttons = new ArrayList<>();
        for (Card.Step st : steps) {
            if (buttons.size() == BlockLimits.ACTIONS_ELEMENTS) break;
            if (st.verb() == Card.Verb.RESOURCES) { // the run modal, prefilled with the profile (slack/home/RunModal)
                if (st.profile() == null || !st.profile().matches("[A-Za-z0-9_.-]{1,64}")) continue;
                String label = BlockLimits.cut(Messages.get("cards.step.RESOURCES"), BlockLimits.BUTTON_TEXT);
                buttons.add(button(b -> b.actionId(ActionIds.OPEN_RUN_MODAL).value(st.profile())
                    .text(plainText(p -> p.text(label).emoji(true)))));
                continue;
            }
            String value;
            try {
                value = st.choiceId();
            } catch (IllegalArgumentException e) {
                log.warn("step {} dropped: {}", st.verb(), e.getMessage());
                continue;
            }
            String label = BlockLimits.cut(Messages.get("cards.step." + st.verb().name()), BlockLimits.BUTTON_TEXT);
            boolean cancel = st.verb() == Card.Verb.CANCEL;
            ConfirmationDialogObject confirm = cancel ? cancelConfirm(st.jobId()) : null;
            String style = cancel ? "danger" : st.verb() == Card.Verb.COLLECT ? "primary" : null;
            buttons.add(button(b -> b.actionId(ActionIds.step(st.verb())).value(value)
                .text(plainText(p -> p.text(label).emoji(true))).style(style).confirm(confirm)));
        }
        return actions(a -> a.blockId(ActionIds.STEPS_BLOCK).elements(buttons));
    }

    private static ConfirmationDialogObject cancelConfirm(String jobId) {
        return ConfirmationDialogObject.builder()
            .title(plainText(BlockLimits.cut(Messages.get("cards.step.cancel.confirm.title"), BlockLimits.CONFIRM_TITLE)))
            .text(plainText(BlockLimits.cut(Messages.get("cards.step.cancel.confirm.text", jobId),
                BlockLimits.CONFIRM_TEXT)))
            .confirm(plainText(BlockLimits.cut(Messages.get("cards.step.cancel.confirm.yes"), BlockLimits.CONFIRM_BUTTON)))
            .deny(plainText(BlockLimits.cut(Messages.get("cards.step.cancel.confirm.no"), BlockLimits.CONFIRM_BUTTON)))
            .style("danger")
            .build();
    }

    /** Splits at line ends where possible; no piece is longer than {@code max}. */
    public static List<String> chunk(String text, int max) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String rest = line;
            while (rest.length() > max) { // a single monster line: hard split
                flush(out, cur);
                out.add(rest.substring(0, max));
                rest = rest.substring(max);
            }
            if (cur.length() + rest.length() + 1 > max) flush(out, cur);
            if (cur.length() > 0) cur.append('\n');
            cur.append(rest);
        }
        flush(out, cur);
        return out;
    }

    private static void flush(List<String> out, StringBuilder cur) {
        if (cur.length() > 0) {
            out.add(cur.toString());
            cur.setLength(0);
        }
    }
}
