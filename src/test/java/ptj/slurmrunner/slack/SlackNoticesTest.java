package ptj.slurmrunner.slack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A notice that did not reach Slack for a passing reason is reported to the watcher (it retries); a dead thread is not. */
class SlackNoticesTest {
    @Test
    void should_have_the_watcher_retry_transient_failures_only() {
        for (String e : new String[] {"io_error", "ratelimited", "http_503", "internal_error", "request_timeout",
            "SocketTimeoutException"}) {
            assertTrue(SlackNotices.transientError(e), e);
        }
        for (String e : new String[] {"channel_not_found", "not_in_channel", "is_archived", "invalid_auth",
            "msg_too_long"}) {
            assertFalse(SlackNotices.transientError(e), e);
        }
    }
}
