package ptj.slurmrunner.slack.results;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.ContextBlockElement;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import java.util.ArrayList;
import java.util.List;
import ptj.slurmrunner.bot.Shortcuts;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.results.CompareReport;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.slack.Mrkdwn;
import ptj.slurmrunner.slack.home.RunModal;

/**
 * Block Kit for results: the result card after a collect (metrics as two-column fields with ▲/▼ against the previous
 * run, the files that came back, buttons "CSV 받기", "최근 결과 비교" and "리소스 바꿔서 다시 실행" (the run modal)) and the compare table. Every text is cut
 * before Block Kit's limits (header 150, section 3000, 10 fields of 2000, 25 buttons, 50 blocks).
 */
public final class ResultCards {
    public static final String CSV_ACTION = "results_csv";
    /** Same action id form as the core's choices, so the compare button is a shortcut through the pipeline. */
    static final String COMPARE_ACTION = "slurm_choice_0";
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 2900;
    static final int MAX_FIELD = 1900;
    static final int MAX_FIELDS = 10;
    static final int MAX_FALLBACK = 300;

    /** A message: the notification text and the blocks. */
    public record Card(String text, List<LayoutBlock> blocks) {}

    private ResultCards() {}

    public static Card result(ResultReport r) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(cut(Messages.get("results.slack.head", r.profile(), r.jobId()),
            MAX_HEADER)))));
        List<TextObject> fields = new ArrayList<>();
        for (ResultReport.MetricRow m : r.metrics()) {
            if (fields.size() >= MAX_FIELDS) break;
            fields.add(markdownText(cut(field(m), MAX_FIELD)));
        }
        if (!fields.isEmpty()) blocks.add(section(s -> s.fields(fields)));
        else blocks.add(section(s -> s.text(markdownText(Messages.get("results.slack.no_metrics")))));
        if (!r.files().isEmpty()) {
            StringBuilder f = new StringBuilder(Messages.get("results.slack.files", r.files().size()));
            for (ResultReport.FileInfo file : r.files()) {
                String line = "\n• `" + Mrkdwn.escapeCode(file.path()) + "` " + file.sizeText();
                if (f.length() + line.length() > MAX_SECTION - 40) {
                    f.append("\n• …");
                    break;
                }
                f.append(line);
            }
            String files = f.toString();
            blocks.add(section(s -> s.text(markdownText(files))));
        }
        List<ContextBlockElement> ctx = new ArrayList<>();
        ctx.add(markdownText(cut(r.previousJobId() == null ? Messages.get("results.slack.first")
            : Messages.get("results.slack.previous", r.previousJobId()), MAX_FIELD)));
        if (!r.files().isEmpty()) {
            String local = r.files().get(0).localPath();
            int slash = local.lastIndexOf('/');
            ctx.add(markdownText(cut(Messages.get("results.slack.where", Mrkdwn.escape(slash > 0 ? local.substring(0, slash + 1)
                : local)), MAX_FIELD)));
        }
        for (String n : r.notes()) {
            if (ctx.size() >= 9) break;
            ctx.add(markdownText(cut(Mrkdwn.escape(n), MAX_FIELD)));
        }
        blocks.add(context(ctx));
        List<BlockElement> buttons = new ArrayList<>();
        if (!r.files().isEmpty()) {
            buttons.add(button(b -> b.actionId(CSV_ACTION).text(plainText(Messages.get("results.slack.csv")))
                .value(csvValue(r.profile(), r.jobId()))));
        }
        String compare = "act:compare:" + r.profile() + ":" + r.jobId();
        if (Shortcuts.FORM.matcher(compare).matches()) {
            buttons.add(button(b -> b.actionId(COMPARE_ACTION).text(plainText(Messages.get("results.slack.compare")))
                .value(compare)));
        }
        if (ptj.slurmrunner.config.ProfileCatalog.NAME.matcher(r.profile()).matches()) {
            buttons.add(button(b -> b.actionId(RunModal.OPEN_ACTION).text(plainText(Messages.get("results.slack.rerun")))
                .value(r.profile())));
        }
        if (!buttons.isEmpty()) blocks.add(actions(a -> a.blockId("results_actions").elements(buttons)));
        return new Card(fallback(r), blocks);
    }

    /** The compare table: one field pair per run would not scale, so a monospaced table in one section. */
    public static Card compare(CompareReport c) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (c.isEmpty()) {
            String t = Messages.get("results.compare.none", c.profile());
            blocks.add(section(s -> s.text(markdownText(Mrkdwn.escape(t)))));
            return new Card(cut(t, MAX_FALLBACK), blocks);
        }
        blocks.add(header(h -> h.text(plainText(cut(Messages.get("results.slack.compare_head", c.profile(),
            c.rows().size()), MAX_HEADER)))));
        String table = table(c);
        blocks.add(section(s -> s.text(markdownText("```" + cut(Mrkdwn.escapeCode(table), MAX_SECTION - 10) + "```"))));
        if (c.metric() != null) {
            blocks.add(context(List.of(markdownText(cut(Messages.get("results.slack.compare_metric", c.metric()),
                MAX_FIELD)))));
        }
        return new Card(cut(Messages.get("results.slack.compare_head", c.profile(), c.rows().size()), MAX_FALLBACK),
            blocks);
    }

    /**
     * A sweep's comparison: the tasks best first by the profile's metric as a monospaced table (at most 20 rows,
     * {@code SweepComparison}), the best task in the fallback text; the chart follows as a file in the thread.
     */
    public static Card sweep(ptj.slurmrunner.sweep.SweepResult r) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String head = Messages.get("sweep.card.compare", r.profile(), r.arrayId(), r.metric());
        blocks.add(header(h -> h.text(plainText(cut(head, MAX_HEADER)))));
        int nl = r.table().indexOf('\n');
        String table = nl < 0 ? r.table() : r.table().substring(nl + 1);
        blocks.add(section(s -> s.text(markdownText("```" + cut(Mrkdwn.escapeCode(table), MAX_SECTION - 10) + "```"))));
        String order = Messages.get(ptj.slurmrunner.sweep.SweepComparison.lowerIsBetter(r.metric())
            ? "sweep.table.lower" : "sweep.table.higher");
        blocks.add(context(List.of(markdownText(cut(Messages.get("sweep.card.compare.context", r.rows().size(), order),
            MAX_FIELD)))));
        var best = r.rows().isEmpty() ? null : r.rows().get(0);
        Double v = best == null ? null : best.metrics().get(r.metric());
        String text = v == null ? Messages.get("sweep.card.compare.none", r.profile(), r.arrayId(), r.metric())
            : Messages.get("sweep.card.compare.text", r.profile(), r.arrayId(), r.metric(), best.jobId() + " "
                + best.args(), ptj.slurmrunner.results.ResultSummary.format(v));
        return new Card(cut(text, MAX_FALLBACK), blocks);
    }

    static String table(CompareReport c) {
        return String.join("\n", c.table());
    }

    public static String csvValue(String profile, String jobId) {
        return "csv:" + profile + ":" + jobId;
    }

    private static String field(ResultReport.MetricRow m) {
        String mark = m.better() == null ? "" : m.better() ? " 🟢" : " 🔴";
        String head = "*" + Mrkdwn.escape(m.key()) + "*" + (m.primary() ? " ⭐" : "");
        String value = "`" + Mrkdwn.escapeCode(m.value()) + "`";
        if (m.diff() == null) return head + "\n" + value;
        return head + "\n" + value + "  " + m.diff() + mark + "\n" + Messages.get("results.slack.was",
            Mrkdwn.escape(m.previous()));
    }

    private static String fallback(ResultReport r) {
        StringBuilder sb = new StringBuilder(Messages.get("results.slack.fallback", r.profile(), r.jobId()));
        int n = 0;
        for (ResultReport.MetricRow m : r.metrics()) {
            if (n++ >= 3) break;
            sb.append(n == 1 ? " " : ", ").append(m.key()).append(' ').append(m.value());
        }
        return cut(sb.toString(), MAX_FALLBACK);
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
