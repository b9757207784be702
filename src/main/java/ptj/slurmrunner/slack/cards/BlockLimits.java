package ptj.slurmrunner.slack.cards;

/**
 * Slack's Block Kit limits (api.slack.com/reference/block-kit) that every card must hold. The renderer cuts to
 * them; CardLimitsTest checks every card kind against them from the JSON Slack would receive.
 */
public final class BlockLimits {
    public static final int BLOCKS = 50;
    public static final int SECTION_TEXT = 3000;
    public static final int FIELDS = 10;
    public static final int FIELD_TEXT = 2000;
    public static final int HEADER_TEXT = 150;
    public static final int ACTIONS_ELEMENTS = 25;
    public static final int BUTTON_TEXT = 75;
    public static final int ACTION_VALUE = 2000;
    public static final int CONTEXT_ELEMENTS = 10;
    public static final int FALLBACK_TEXT = 4000;
    public static final int CONFIRM_TITLE = 100;
    public static final int CONFIRM_TEXT = 300;
    public static final int CONFIRM_BUTTON = 30;

    private BlockLimits() {}

    /** {@code s} cut to {@code max} characters (the last one an ellipsis when cut), never splitting a surrogate pair. */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) return s;
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "…";
    }
}
