package ptj.slurmrunner.console;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Picks;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.bot.ReplySink;
import ptj.slurmrunner.messages.Messages;

/**
 * DESIGN.md contract 2: one message per input line, every reply printed as text, a pending question answered by a
 * line 예/아니오 (also yes/no/y/n/네/아니요). Works with piped stdin (no TTY): then each input line is echoed with
 * "> " so the transcript reads as a conversation. Returns at end of input; the bot runs each message to its end in
 * this thread, so nothing it started is still running then (jobs themselves keep running on the cluster).
 */
public final class ConsoleSession {
    /** Also what people type in Korean chat (응, ㅇㅇ, 넵); the rule parser's BARE_ANSWER knows the same words. */
    static final Set<String> YES = Set.of("예", "네", "넵", "응", "ㅇㅇ", "ㅇㅋ", "좋아", "오케이", "yes", "y", "ok", "okay");
    static final Set<String> NO = Set.of("아니오", "아니요", "아뇨", "아니", "ㄴㄴ", "no", "n");

    private final Bot bot;
    private final BufferedReader in;
    private final PrintStream out;
    private final boolean echo;
    private final Origin origin;
    private final List<Long> firstReplyMillis = new ArrayList<>();
    private List<Reply.Choice> pending = List.of();
    /** The command of a question another message dropped (shown once when a late 예/아니오 comes), or null. */
    private String pendingCommand;
    private String dropped;

    public ConsoleSession(Bot bot, BufferedReader in, PrintStream out, boolean echo, Origin origin) {
        this.bot = bot;
        this.in = in;
        this.out = out;
        this.echo = echo;
        this.origin = origin;
    }

    /** Reads until end of input. Returns 0. */
    public int run() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) continue;
            if (echo) out.println("> " + text);
            handle(text);
            out.println();
            out.flush();
        }
        return 0;
    }

    /** Milliseconds from reading each message to its first printed reply (for the issue's measurement). */
    public List<Long> firstReplyMillis() {
        return List.copyOf(firstReplyMillis);
    }

    private void handle(String text) {
        String word = text.toLowerCase(Locale.ROOT).replaceAll("[.!?\\s]+$", "");
        long t0 = System.nanoTime();
        Sink sink = new Sink(t0);
        int picked = pickNumber(word);
        if (picked > 0) { // "1": the first of the readings offered instead of "unknown"
            String id = pending.get(picked - 1).id();
            pending = List.of();
            bot.onChoice(origin, id, sink);
        } else if (YES.contains(word) || NO.contains(word)) {
            if (pending.isEmpty()) {
                sink.show(Reply.info(dropped == null ? Messages.get("core.confirm.nothing_pending")
                    : dropped.isEmpty() ? Messages.get("core.confirm.dropped.any")
                    : Messages.get("core.confirm.dropped", dropped)));
                dropped = null;
                return;
            }
            String suffix = YES.contains(word) ? ":yes" : ":no";
            String choice = pending.stream().map(Reply.Choice::id).filter(id -> id.endsWith(suffix)).findFirst()
                .orElse(pending.get(0).id());
            pending = List.of();
            bot.onChoice(origin, choice, sink);
        } else {
            // a console question is answered by the very next line; anything else drops it (say so if 예 comes later)
            if (!pending.isEmpty()) dropped = pendingCommand == null ? "" : pendingCommand;
            pending = List.of();
            bot.onMessage(origin, text, sink);
            if (!pending.isEmpty()) dropped = null;
        }
    }

    /** 1-based index of a pending numbered choice the line picks, or 0. */
    private int pickNumber(String word) {
        if (!word.matches("[1-9]") || pending.isEmpty()) return 0;
        if (!pending.stream().allMatch(c -> c.id().startsWith(Picks.PREFIX))) return 0;
        int n = Integer.parseInt(word);
        return n <= pending.size() ? n : 0;
    }

    /** "make slurm-run PROFILE=backtest_v5" from the question's "실행할 명령: …" line, else null. */
    private static String commandOf(String question) {
        String prefix = Messages.get("core.report.command", "");
        for (String l : question.split("\n")) {
            if (!prefix.isEmpty() && l.startsWith(prefix)) return l.substring(prefix.length()).strip();
        }
        return null;
    }

    /** Prints replies as they come; a reply with choices becomes the pending question. */
    private final class Sink implements ReplySink {
        private final long t0;
        private boolean first = true;
        /** "⏳ 실행 중: make …" already printed for this message: Slack edits one message, the console appends. */
        private String progressHeader;

        Sink(long t0) {
            this.t0 = t0;
        }

        @Override
        public synchronized void show(Reply reply) {
            if (first) {
                first = false;
                firstReplyMillis.add((System.nanoTime() - t0) / 1_000_000);
            }
            String text = reply.text();
            if (reply.tone() == Reply.Tone.PROGRESS) {
                int nl = text.indexOf('\n');
                String header = nl < 0 ? text : text.substring(0, nl);
                if (header.equals(progressHeader)) {
                    if (nl < 0) return;
                    text = text.substring(nl + 1);
                }
                progressHeader = header;
            }
            synchronized (out) {
                out.println(text);
                if (!reply.choices().isEmpty() && reply.choices().stream().allMatch(c -> c.id().startsWith(Picks.PREFIX))) {
                    for (int i = 0; i < reply.choices().size(); i++) {
                        out.println(Messages.get("intent.console.pick", i + 1, reply.choices().get(i).label()));
                    }
                    out.println(Messages.get("intent.console.pickHint"));
                }
                if (reply.attachment() != null) {
                    out.println(Messages.get("core.console.attachment"));
                    out.println(reply.attachment().stripTrailing());
                }
                out.flush();
            }
            if (!reply.choices().isEmpty()) {
                pending = reply.choices();
                pendingCommand = commandOf(reply.text());
            }
        }
    }
}
