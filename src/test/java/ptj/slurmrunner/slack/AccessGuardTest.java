package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.messages.Messages;

class AccessGuardTest {
    @Test
    void should_admit_everyone_when_lists_are_empty() {
        assertTrue(new AccessGuard(Set.of(), Set.of()).check("U1", "C1").isEmpty());
    }

    @Test
    void should_fail_closed_for_users_and_channels_not_listed() {
        AccessGuard g = new AccessGuard(Set.of("C1"), Set.of("U1"));
        assertTrue(g.check("U1", "C1").isEmpty());
        assertEquals("user_not_allowed", g.check("U2", "C1").orElseThrow().code());
        assertEquals("channel_not_allowed", g.check("U1", "C2").orElseThrow().code());
        assertEquals("channel_not_allowed", g.check("U1", "D1").orElseThrow().code());
        assertTrue(new AccessGuard(Set.of("C1", "dm"), Set.of()).check("U1", "D1").isEmpty());
        assertTrue(Messages.get(g.check("U2", "C1").orElseThrow().messageKey()).contains("죄송합니다"));
    }

    @Test
    void should_read_lists_from_env_and_never_print_tokens() {
        SlackSettings s = SlackSettings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-secret-1", "SLACK_APP_TOKEN", "xapp-2",
            "SLURM_RUNNER_USERS", " U1, U2 ,", "SLACK_API_URL", "http://127.0.0.1:9/api"));
        assertEquals(Set.of("U1", "U2"), s.users());
        assertEquals("http://127.0.0.1:9/api/", s.apiUrl());
        assertTrue(s.socketMode());
        assertTrue(!s.toString().contains("xoxb") && !s.toString().contains("xapp"));
        assertEquals(3000, SlackSettings.fromEnv(Map.of()).port());
        assertEquals(SlackSettings.DEFAULT_API_URL, SlackSettings.fromEnv(Map.of()).apiUrl());
    }
}
