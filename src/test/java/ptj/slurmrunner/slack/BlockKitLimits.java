package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Block Kit's documented limits, checked on rendered JSON: 50 blocks per message (100 per view), header 150,
 * section text 3000, 10 fields of 2000, 10 context elements, 25 actions elements, button text 75 and value 2000,
 * overflow ≤ 5 options of text 75 / value 150, static select ≤ 100 options, modal title/submit/close ≤ 24,
 * private_metadata ≤ 3000, ids ≤ 255.
 */
final class BlockKitLimits {
    private BlockKitLimits() {}

    /** A message's blocks. */
    static void check(JsonNode blocks) {
        assertTrue(blocks.isArray() && blocks.size() <= 50, "at most 50 blocks: " + blocks.size());
        blocks.forEach(BlockKitLimits::block);
    }

    /** A modal or Home view. */
    static void checkView(JsonNode view) {
        JsonNode blocks = view.get("blocks");
        assertTrue(blocks.isArray() && blocks.size() <= 100, "at most 100 blocks in a view: " + blocks.size());
        blocks.forEach(BlockKitLimits::block);
        for (String k : new String[] {"title", "submit", "close"}) {
            if (view.has(k)) max(view.get(k).get("text"), 24, k);
        }
        if (view.has("private_metadata")) max(view.get("private_metadata"), 3000, "private_metadata");
        if (view.has("callback_id")) max(view.get("callback_id"), 255, "callback_id");
    }

    static void block(JsonNode b) {
        if (b.has("block_id")) max(b.get("block_id"), 255, "block_id");
        switch (b.path("type").asText()) {
            case "header" -> max(b.get("text").get("text"), 150, "header");
            case "section" -> {
                if (b.has("text")) max(b.get("text").get("text"), 3000, "section text");
                if (b.has("fields")) {
                    assertTrue(b.get("fields").size() <= 10, "at most 10 fields");
                    b.get("fields").forEach(f -> max(f.get("text"), 2000, "field"));
                }
                if (b.has("accessory")) element(b.get("accessory"));
            }
            case "context" -> {
                assertTrue(b.get("elements").size() <= 10, "at most 10 context elements");
                b.get("elements").forEach(e -> max(e.get("text"), 3000, "context text"));
            }
            case "actions" -> {
                assertTrue(b.get("elements").size() <= 25, "at most 25 actions elements");
                b.get("elements").forEach(BlockKitLimits::element);
            }
            case "input" -> {
                max(b.get("label").get("text"), 2000, "input label");
                if (b.has("hint")) max(b.get("hint").get("text"), 2000, "input hint");
                element(b.get("element"));
            }
            case "divider" -> { }
            default -> throw new AssertionError("block type not checked: " + b);
        }
    }

    static void element(JsonNode e) {
        if (e.has("action_id")) max(e.get("action_id"), 255, "action_id");
        switch (e.path("type").asText()) {
            case "button" -> {
                max(e.get("text").get("text"), 75, "button text");
                if (e.has("value")) max(e.get("value"), 2000, "button value");
            }
            case "overflow" -> {
                assertTrue(e.get("options").size() >= 1 && e.get("options").size() <= 5, "overflow: 1-5 options");
                e.get("options").forEach(o -> {
                    max(o.get("text").get("text"), 75, "option text");
                    max(o.get("value"), 150, "option value");
                    if (o.has("url")) max(o.get("url"), 3000, "option url");
                });
            }
            case "static_select" -> {
                assertTrue(e.get("options").size() <= 100, "static select: at most 100 options");
                e.get("options").forEach(o -> max(o.get("text").get("text"), 75, "option text"));
            }
            case "plain_text_input" -> { }
            default -> throw new AssertionError("element type not checked: " + e);
        }
    }

    private static void max(JsonNode text, int limit, String what) {
        assertTrue(text != null && text.asText().length() <= limit,
            what + " over " + limit + " characters: " + (text == null ? null : text.asText().length()));
    }
}
