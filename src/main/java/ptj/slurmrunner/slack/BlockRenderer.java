package ptj.slurmrunner.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import java.util.ArrayList;
import java.util.List;
import ptj.slurmrunner.bot.Card;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.slack.cards.BlockLimits;
import ptj.slurmrunner.slack.cards.CardBlocks;

/**
 * Reply → a Block Kit card. With a {@link Card}: a header with the state emoji, the fields in two columns, the body,
 * the next-step buttons and a context line (who asked, run dir, the exact make command). Without one: the report's
 * first line is the header and the rest a code block, so the seed's aligned tables stay aligned. Every piece is cut to
 * Slack's limits ({@link BlockLimits}); a body too long for a message (or an attachment) goes up as a file. The
 * fallback {@code text} is always Korean and short.
 */
public final class BlockRenderer {
    /** More body than this many sections and the whole text goes up as a file instead. */
    static final int MAX_BODY_SECTIONS = 8;
    static final int MAX_FALLBACK = 300;
    public static final String CHOICES_BLOCK = ActionIds.CHOICES_BLOCK;
    public static final String CHOICE_ACTION_PREFIX = ActionIds.CHOICE_PREFIX;

    /** A file to upload next to the message. */
    public record Upload(String filename, String title, String content) {}

    /** {@code text} is the notification fallback; {@code upload} is null when nothing goes up as a file. */
    public record Rendered(String text, List<LayoutBlock> blocks, Upload upload) {}

    public Rendered render(Reply reply) {
        return render(reply, null);
    }

    /**
     * {@code ownerId}, when known, is the person who asked: named in the context line, and written into the
     * confirmation buttons' block id ({@code slurm_choices:U123}) so a click can tell whether it came from them. That
     * only routes the answer (public or ephemeral); the core's plan store decides whether the click counts.
     */
    public Rendered render(Reply reply, String ownerId) {
        String all = reply.text() == null ? "" : reply.text().stripTrailing();
        Card card = reply.card();
        String headline = headline(reply, all);

        List<LayoutBlock> blocks = new ArrayList<>();
        Upload upload = null;
        blocks.add(CardBlocks.header(headline));
        if (card != null) blocks.addAll(CardBlocks.fields(card.fields(), 2));

        String body = card != null ? (card.body() == null ? "" : card.body().strip()) : bodyOf(all);
        if (card == null && headline.length() > BlockLimits.HEADER_TEXT) {
            body = (firstLine(all) + "\n" + body).strip(); // the header is cut: the whole line stays readable below
        }
        if (!body.isEmpty()) {
            boolean asCode = card == null || codeBody(card.kind());
            List<String> chunks = asCode ? CardBlocks.codeChunks(body) : CardBlocks.chunk(Mrkdwn.escape(body),
                CardBlocks.SECTION_CHUNK);
            if (chunks.size() > MAX_BODY_SECTIONS) {
                chunks = chunks.subList(0, 2);
                upload = new Upload("slurm-runner.txt", BlockLimits.cut(headline, 200), all);
            }
            if (asCode) {
                blocks.addAll(CardBlocks.code(chunks));
            } else {
                for (String c : chunks) blocks.add(com.slack.api.model.block.Blocks.section(s -> s.text(
                    com.slack.api.model.block.composition.BlockCompositions.markdownText(c))));
            }
            if (upload != null) blocks.add(CardBlocks.context(List.of(Messages.get("slack.render.truncated"))));
        }
        if (reply.attachment() != null && !reply.attachment().isEmpty()) {
            String title = Messages.get("slack.render.attachment_title");
            upload = new Upload("log.txt", title, upload == null ? reply.attachment() : all + "\n\n" + reply.attachment());
            blocks.add(CardBlocks.context(List.of(Messages.get("slack.render.attachment"))));
        }
        if (!reply.choices().isEmpty()) blocks.add(CardBlocks.choices(reply.choices(), ownerId));
        if (card != null && !card.steps().isEmpty()) blocks.add(CardBlocks.steps(card.steps()));
        List<String> context = contextParts(card, ownerId);
        if (!context.isEmpty()) blocks.add(CardBlocks.context(context));
        return new Rendered(fallback(headline), List.copyOf(blocks), upload);
    }

    /** The header line: the card's title with its state (or tone) emoji, else the report's first line. */
    static String headline(Reply reply, String all) {
        Card card = reply.card();
        if (card == null) {
            int nl = all.indexOf('\n');
            String head = nl < 0 ? all : all.substring(0, nl);
            String emoji = emoji(reply.tone(), head);
            return (emoji.isEmpty() ? "" : emoji + " ") + head;
        }
        Card.Job job = card.job();
        String title = card.title();
        if (job != null && (card.kind() == Card.Kind.SUBMIT || card.kind() == Card.Kind.JOB_STATE)) {
            if (card.state() == null) {
                title = title + " · " + job.profile() + " Job " + job.jobId();
            } else {
                title = Messages.get("cards.title.job", job.profile(), job.jobId(), Card.stateWord(card.state()));
            }
            return CardBlocks.stateEmoji(card.state()) + " " + title;
        }
        String emoji = card.state() != null && card.kind() == Card.Kind.JOB_FAILED ? CardBlocks.stateEmoji(card.state())
            : CardBlocks.toneEmoji(reply.tone());
        return (emoji.isEmpty() ? "" : emoji + " ") + title;
    }

    /** The notification text: the headline, with a Korean word when the headline has none ("[SLURM Status]"). */
    static String fallback(String headline) {
        String t = headline.isBlank() || headline.codePoints().noneMatch(c -> c >= 0xAC00 && c <= 0xD7A3)
            ? (headline.isBlank() ? "" : headline + " — ") + Messages.get("cards.fallback.generic") : headline;
        return BlockLimits.cut(t, MAX_FALLBACK);
    }

    private static boolean codeBody(Card.Kind kind) {
        return switch (kind) {
            case STATUS, LOG, JOB_FAILED, HISTORY, HELP, JOB_STATE -> true;
            default -> false;
        };
    }

    private static List<String> contextParts(Card card, String ownerId) {
        List<String> parts = new ArrayList<>();
        if (card == null) return parts;
        if (ownerId != null && ownerId.matches("[A-Z0-9]{2,32}")) {
            parts.add(Messages.get("cards.context.requester", "<@" + ownerId + ">"));
        }
        if (card.runDir() != null && !card.runDir().isBlank()) {
            parts.add(Messages.get("cards.context.rundir", "`" + Mrkdwn.escape(card.runDir()) + "`"));
        }
        if (card.command() != null && !card.command().isBlank()) {
            parts.add(Messages.get("cards.context.command", "`" + Mrkdwn.escape(card.command()) + "`"));
        }
        return parts;
    }

    private static String firstLine(String all) {
        int nl = all.indexOf('\n');
        return nl < 0 ? all : all.substring(0, nl);
    }

    private static String bodyOf(String all) {
        int nl = all.indexOf('\n');
        if (nl < 0) return "";
        String t = all.substring(nl + 1);
        while (t.startsWith("\n")) t = t.substring(1);
        return t.stripTrailing();
    }

    /** The blocks of a message with its buttons taken away (the part of a question that stays after a click). */
    public static List<LayoutBlock> withoutChoices(List<LayoutBlock> blocks) {
        if (blocks == null) return List.of();
        List<LayoutBlock> out = new ArrayList<>();
        for (LayoutBlock b : blocks) {
            if (b instanceof ActionsBlock) continue;
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
        return CardBlocks.toneEmoji(tone);
    }

    static List<String> chunk(String text, int max) {
        return CardBlocks.chunk(text, max);
    }
}
