package ptj.slurmrunner.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack mrkdwn in and out. Outgoing: anything a user or a log wrote is escaped (&amp;, &lt;, &gt;) so it cannot form
 * links or mentions ({@code <!channel>}, {@code <@U…>}), bare {@code @here}/{@code @channel}/{@code @everyone} get a
 * zero-width joiner, and a stray ``` cannot close our code block. Incoming: Slack's own escapes and link syntax
 * are turned back into the plain text the person typed.
 */
public final class Mrkdwn {
    private static final String ZWSP = "\u200B";
    private static final Pattern BROADCAST = Pattern.compile("@(here|channel|everyone)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern LINK = Pattern.compile("<([^<>|]+)(?:\\|([^<>]*))?>");

    private Mrkdwn() {}

    /** Text for a mrkdwn field: escaped, broadcasts neutralised. */
    public static String escape(String text) {
        if (text == null) return "";
        String t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return BROADCAST.matcher(t).replaceAll("@" + ZWSP + "$1");
    }

    /** Text for inside a ``` block: escaped, and a ``` in the text cannot end the block. */
    public static String escapeCode(String text) {
        return escape(text).replace("```", "`" + ZWSP + "``");
    }

    /**
     * A message as the person typed it: {@code <@BOT>} mentions of the bot removed, links reduced to their label or
     * target, Slack's &amp;amp;/&amp;lt;/&amp;gt; undone.
     */
    public static String incoming(String text, String botUserId) {
        if (text == null) return "";
        String t = text;
        if (botUserId != null) t = t.replace("<@" + botUserId + ">", " ");
        Matcher m = LINK.matcher(t);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String target = m.group(1);
            String label = m.group(2);
            String plain;
            if (label != null && !label.isEmpty()) plain = label;
            else if (target.startsWith("@") || target.startsWith("#") || target.startsWith("!")) plain = target;
            else plain = target.startsWith("mailto:") ? target.substring(7) : target;
            m.appendReplacement(out, Matcher.quoteReplacement(plain));
        }
        m.appendTail(out);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
            .replaceAll("[ \\t]+", " ").trim();
    }
}
