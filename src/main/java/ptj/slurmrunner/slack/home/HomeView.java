package ptj.slurmrunner.slack.home;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.option;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.overflowMenu;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.view.View;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ptj.slurmrunner.bot.Shortcuts;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.slack.Mrkdwn;

/**
 * The App Home tab "내 작업": the viewer's running and pending jobs, then the recent ones (newest first), each with an
 * overflow menu (로그 · 결과 수집 · 취소 · 스레드로 가기), a "새 작업" button, and the time of the update. Never more than
 * {@link #MAX_BLOCKS} blocks: what does not fit is counted in an "외 N개" line.
 */
public final class HomeView {
    public static final int MAX_BLOCKS = 100;
    public static final String NEW_JOB_ACTION = "home_new_job";
    public static final String JOB_MENU_ACTION = "home_job_menu";
    /** Overflow value for cancel: not a shortcut (cancel always asks, and needs the explicit job id). */
    public static final String CANCEL_PREFIX = "home:cancel:";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private HomeView() {}

    /** {@code permalinks}: job id → the thread's permalink (chat.getPermalink), when known. */
    public static View build(String userId, List<SubmittedJobs.Tracked> all, Map<String, String> permalinks,
                             Instant now, ZoneId zone) {
        List<SubmittedJobs.Tracked> mine = all.stream().filter(t -> userId != null && userId.equals(t.requester()))
            .toList();
        List<SubmittedJobs.Tracked> active = mine.stream().filter(SubmittedJobs.Tracked::active).toList();
        List<SubmittedJobs.Tracked> recent = mine.stream().filter(t -> !t.active()).toList();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(Messages.get("results.home.title")))));
        blocks.add(actions(a -> a.blockId("home_actions").elements(List.of(button(b -> b.actionId(NEW_JOB_ACTION)
            .style("primary").text(plainText(Messages.get("results.home.new_job"))).value("new"))))));
        blocks.add(context(List.of(markdownText(Messages.get("results.home.updated",
            TIME.format(now.atZone(zone)), active.size(), recent.size())))));
        if (mine.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(Messages.get("results.home.empty")))));
            return view(blocks);
        }
        int room = MAX_BLOCKS - blocks.size() - 1; // one kept for the "외 N개" line
        int shown = 0;
        for (int g = 0; g < 2; g++) {
            List<SubmittedJobs.Tracked> group = g == 0 ? active : recent;
            if (group.isEmpty() || room < 3) continue; // a heading only with room for at least one job under it
            String title = Messages.get(g == 0 ? "results.home.active" : "results.home.recent", group.size());
            blocks.add(divider());
            blocks.add(section(s -> s.text(markdownText(title))));
            room -= 2;
            for (SubmittedJobs.Tracked t : group) {
                if (room <= 0) break;
                blocks.add(job(t, permalinks.get(t.jobId())));
                room--;
                shown++;
            }
        }
        int hidden = mine.size() - shown;
        if (hidden > 0) blocks.add(context(List.of(markdownText(Messages.get("results.home.more", hidden)))));
        return view(blocks);
    }

    private static View view(List<LayoutBlock> blocks) {
        return View.builder().type("home").callbackId("home").blocks(blocks).build();
    }

    static LayoutBlock job(SubmittedJobs.Tracked t, String permalink) {
        StringBuilder line = new StringBuilder(emoji(t.state())).append(" *").append(Mrkdwn.escape(t.profile()))
            .append("* · Job `").append(t.jobId()).append("`\n").append(t.state() == null ? "?" : t.state());
        if (t.elapsed() != null) line.append(" · ").append(t.elapsed());
        if (t.nodes() != null && !t.nodes().isBlank() && !"None assigned".equals(t.nodes())) {
            line.append(" · ").append(Mrkdwn.escape(t.nodes()));
        }
        if (t.reason() != null && !t.reason().isBlank()) line.append(" · ").append(Mrkdwn.escape(t.reason()));
        List<OptionObject> menu = new ArrayList<>();
        String log = "act:log:" + t.profile() + ":" + t.jobId();
        if (Shortcuts.FORM.matcher(log).matches()) {
            menu.add(option(plainText(Messages.get("results.home.menu.log")), log));
            if (!t.active() && "COMPLETED".equals(t.state())) {
                menu.add(option(plainText(Messages.get("results.home.menu.collect")),
                    "act:collect:" + t.profile() + ":" + t.jobId()));
                menu.add(option(plainText(Messages.get("results.home.menu.compare")),
                    "act:compare:" + t.profile() + ":" + t.jobId()));
            }
        }
        if (t.active() && t.jobId().matches("[0-9]{1,12}")) {
            menu.add(option(plainText(Messages.get("results.home.menu.cancel")), CANCEL_PREFIX + t.jobId()));
        }
        String link = permalink != null ? permalink : t.threadLink();
        if (link != null) {
            menu.add(OptionObject.builder().text(plainText(Messages.get("results.home.menu.thread")))
                .value("home:thread:" + t.jobId()).url(link).build());
        }
        String text = line.toString();
        if (menu.isEmpty()) return section(s -> s.text(markdownText(text)));
        return section(s -> s.blockId("job:" + t.jobId()).text(markdownText(text))
            .accessory(overflowMenu(o -> o.actionId(JOB_MENU_ACTION).options(menu))));
    }

    static String emoji(String state) {
        if (state == null) return "❔";
        return switch (state) {
            case "PENDING" -> "⏳";
            case "RUNNING", "COMPLETING", "CONFIGURING" -> "🏃";
            case "COMPLETED" -> "✅";
            case "CANCELLED" -> "🚫";
            case "TIMEOUT" -> "⌛";
            default -> state.startsWith("CANCELLED") ? "🚫" : "❌";
        };
    }
}
