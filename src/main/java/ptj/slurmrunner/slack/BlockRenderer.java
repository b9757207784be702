package ptj.slurmrunner.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.element.BlockElement;
import java.util.ArrayList;
import java.util.List;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.messages.Messages;

/**
 * Reply → Block Kit. The first line of the report is the headline (with the tone's emoji), the rest goes in a code
 * block so the seed's aligned tables stay aligned. Every text object stays under Slack's 3000-character limit: a long
 * body is split over several sections, and a body too long for one message (or an attachment) goes up as a file.
 * Choices become buttons whose value is the opaque choice id.
 */
public final class BlockRenderer {
    /** Slack's limit for a section's text is 3000; leave room for the fences and escapes we add. */
    static final int MAX_SECTION = 2900;
    /** More body than this many sections and the whole text goes up as a file instead. */
    static final int MAX_BODY_SECTIONS = 8;
    static final int MAX_FALLBACK = 300;
    public static final String CHOICES_BLOCK = "slurm_choices";
    public static final String CHOICE_ACTION_PREFIX = "slurm_choice_";

    /** A file to upload next to the message. */
    public record Upload(String filename, String title, String content) {}

    /** {@code text} is the notification fallback; {@code upload} is null when nothing goes up as a file. */
    public record Rendered(String text, List<LayoutBlock> blocks, Upload upload) {}

    public Rendered render(Reply reply) {
        return render(reply, null);
    }

    /**
     * {@code ownerId}, when known, is written into the buttons' block id ({@code slurm_choices:U123}) so a click can
     * tell whether it came from the person who was asked. That only routes the answer (public or ephemeral); the
     * core's plan store decides whether the click counts.
     */
    public Rendered render(Reply reply, String ownerId) {
        String all = reply.text() == null ? "" : reply.text().stripTrailing();
        int nl = all.indexOf('\n');
        String head = nl < 0 ? all : all.substring(0, nl);
        String body = nl < 0 ? "" : stripBlankEdges(all.substring(nl + 1));
        String emoji = emoji(reply.tone(), head);
        String headline = (emoji.isEmpty() ? "" : emoji + " ") + Mrkdwn.escape(head);

        List<LayoutBlock> blocks = new ArrayList<>();
        Upload upload = null;
        List<String> chunks = body.isEmpty() ? List.of() : chunk(Mrkdwn.escapeCode(body), MAX_SECTION - 8);
        if (chunks.size() > MAX_BODY_SECTIONS) {
            chunks = chunks.subList(0, 2);
            upload = new Upload("slurm-runner.txt", head.isBlank() ? "slurm-runner" : head, all);
        }
        String headMrkdwn = body.isEmpty() ? headline : "*" + headline + "*";
        if (headMrkdwn.length() > MAX_SECTION) headMrkdwn = headMrkdwn.substring(0, MAX_SECTION) + "…";
        String first = headMrkdwn;
        blocks.add(section(s -> s.text(markdownText(first))));
        for (String c : chunks) {
            blocks.add(section(s -> s.text(markdownText("```" + c + "```"))));
        }
        if (upload != null) {
            blocks.add(context(c -> c.elements(List.<ContextBlockElement>of(
                markdownText(Messages.get("slack.render.truncated"))))));
        }
        if (reply.attachment() != null && !reply.attachment().isEmpty()) {
            String title = Messages.get("slack.render.attachment_title");
            upload = new Upload("log.txt", title, upload == null ? reply.attachment() : all + "\n\n" + reply.attachment());
            blocks.add(context(c -> c.elements(List.<ContextBlockElement>of(
                markdownText(Messages.get("slack.render.attachment"))))));
        }
        if (!reply.choices().isEmpty()) {
            List<BlockElement> buttons = new ArrayList<>();
            for (int i = 0; i < reply.choices().size(); i++) {
                Reply.Choice ch = reply.choices().get(i);
                String actionId = CHOICE_ACTION_PREFIX + i;
                buttons.add(button(b -> b.actionId(actionId).value(ch.id())
                    .text(plainText(p -> p.text(ch.label()).emoji(true)))
                    .style("primary".equals(ch.style()) || "danger".equals(ch.style()) ? ch.style() : null)));
            }
            String blockId = ownerId == null ? CHOICES_BLOCK : CHOICES_BLOCK + ":" + ownerId;
            blocks.add(actions(a -> a.blockId(blockId).elements(buttons)));
        }
        String fallback = (emoji.isEmpty() ? "" : emoji + " ") + Mrkdwn.escape(head);
        if (fallback.length() > MAX_FALLBACK) fallback = fallback.substring(0, MAX_FALLBACK) + "…";
        return new Rendered(fallback, List.copyOf(blocks), upload);
    }

    /** The blocks of a message with its buttons taken away (the part of a question that stays after a click). */
    public static List<LayoutBlock> withoutChoices(List<LayoutBlock> blocks) {
        if (blocks == null) return List.of();
        List<LayoutBlock> out = new ArrayList<>();
        for (LayoutBlock b : blocks) {
            if (b instanceof com.slack.api.model.block.ActionsBlock) continue;
            out.add(b);
        }
        return out;
    }

    /** The asker recorded in a buttons block id, or null. */
    public static String ownerOf(String blockId) {
        if (blockId == null || !blockId.startsWith(CHOICES_BLOCK + ":")) return null;
        return blockId.substring(CHOICES_BLOCK.length() + 1);
    }

    static String emoji(Reply.Tone tone, String head) {
        if (!head.isEmpty()) {
            int cp = head.codePointAt(0);
            // The core already starts some reports with ⚠️/✅/❌/⏳: do not double them.
            if (cp >= 0x2190 && !Character.isLetterOrDigit(cp) && !Character.isIdeographic(cp)) return "";
        }
        return switch (tone == null ? Reply.Tone.INFO : tone) {
            case INFO -> "";
            case PROGRESS -> "⏳";
            case SUCCESS -> "✅";
            case WARNING -> "⚠️";
            case ERROR -> "❌";
            case QUESTION -> "❓";
        };
    }

    /** Splits at line ends where possible; no piece is longer than {@code max}. */
    static List<String> chunk(String text, int max) {
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

    private static String stripBlankEdges(String s) {
        String t = s;
        while (t.startsWith("\n")) t = t.substring(1);
        return t.stripTrailing();
    }
}
