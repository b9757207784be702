package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.util.json.GsonFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Reply;

class BlockRendererTest {
    private final BlockRenderer r = new BlockRenderer();

    private static JsonNode json(BlockRenderer.Rendered out) throws Exception {
        return SlackStandIn.JSON.readTree(GsonFactory.createSnakeCase().toJson(out.blocks()));
    }

    @Test
    void should_render_choices_as_buttons_carrying_the_opaque_id() throws Exception {
        Reply q = new Reply(Reply.Tone.QUESTION, "[Profile 확인]\n  Script: x.py",
            List.of(new Reply.Choice("abc:yes", "실행", "primary"), new Reply.Choice("abc:no", "취소", "danger")), null, true);
        JsonNode b = json(r.render(q));
        JsonNode actions = b.get(b.size() - 1);
        assertEquals("actions", actions.get("type").asText());
        assertEquals("abc:yes", actions.get("elements").get(0).get("value").asText());
        assertEquals("primary", actions.get("elements").get(0).get("style").asText());
        assertEquals("danger", actions.get("elements").get(1).get("style").asText());
        assertEquals("실행", actions.get("elements").get(0).get("text").get("text").asText());
        assertEquals("header", b.get(0).get("type").asText());
        assertTrue(b.get(0).get("text").get("text").asText().startsWith("❓ [Profile 확인]"));
        assertTrue(b.get(1).get("text").get("text").asText().startsWith("```"));
    }

    @Test
    void should_keep_every_block_under_3000_chars_and_upload_what_is_too_long() throws Exception {
        String mid = "[로그]\n" + "0123456789 <x> & y\n".repeat(600); // ~11 KB: split, no upload
        BlockRenderer.Rendered out = r.render(Reply.info(mid));
        for (JsonNode blk : json(out)) assertTrue(blk.get("text").get("text").asText().length() < 3000);
        assertNull(out.upload());
        assertTrue(json(out).size() > 2);

        BlockRenderer.Rendered huge = r.render(Reply.info("[로그]\n" + "line of log output\n".repeat(5000)));
        assertNotNull(huge.upload());
        assertTrue(huge.blocks().size() <= 5);
        for (JsonNode blk : json(huge)) {
            JsonNode t = blk.has("text") ? blk.get("text") : blk.get("elements").get(0);
            assertTrue(t.get("text").asText().length() < 3000);
        }
    }

    @Test
    void should_upload_an_attachment_as_a_file() {
        BlockRenderer.Rendered out = r.render(new Reply(Reply.Tone.INFO, "[로그]", List.of(), "a\nb", true));
        assertEquals("a\nb", out.upload().content());
    }

    @Test
    void should_not_double_an_emoji_the_text_already_has() throws Exception {
        JsonNode b = json(r.render(new Reply(Reply.Tone.WARNING, "⚠️ backtest_v5.jobid 존재", List.of(), null, true)));
        assertEquals("⚠️ backtest_v5.jobid 존재", b.get(0).get("text").get("text").asText());
        assertFalse(r.render(Reply.error("실패")).text().isEmpty());
        assertTrue(r.render(Reply.error("실패")).text().startsWith("❌"));
    }

    @Test
    void should_keep_a_first_line_too_long_for_the_header_readable_below_it() throws Exception {
        String line = "⚠️ " + "긴 오류 메시지 ".repeat(40) + "끝";
        JsonNode b = json(r.render(Reply.error(line)));
        assertEquals(150, b.get(0).get("text").get("text").asText().length());
        assertTrue(b.get(1).get("text").get("text").asText().contains("끝"), b.toString());
    }
}
