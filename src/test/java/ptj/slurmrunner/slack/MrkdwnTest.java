package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MrkdwnTest {
    @Test
    void should_escape_markup_and_neutralise_broadcasts() {
        String out = Mrkdwn.escape("a & b <!channel> <@U123> @here @Channel");
        assertEquals("a &amp; b &lt;!channel&gt; &lt;@U123&gt; @\u200Bhere @\u200BChannel", out);
        assertFalse(out.contains("<"));
    }

    @Test
    void should_keep_code_fences_from_closing_our_block() {
        assertFalse(Mrkdwn.escapeCode("x ``` y").contains("```"));
    }

    @Test
    void should_turn_slack_text_back_into_what_was_typed() {
        assertEquals("backtest_v5 실행해줘 a<b & c", Mrkdwn.incoming("<@UBOT> backtest_v5 실행해줘 a&lt;b &amp; c", "UBOT"));
        assertEquals("see http://x.y/z and docs", Mrkdwn.incoming("see <http://x.y/z> and <http://d|docs>", "UBOT"));
    }
}
