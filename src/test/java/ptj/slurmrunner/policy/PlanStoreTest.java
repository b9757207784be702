package ptj.slurmrunner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.intent.Intent;

class PlanStoreTest {
    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-02-24T14:30:52Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final PlanStore store = new PlanStore(clock, Duration.ofMinutes(10));
    private final Intent intent = Intent.sure(Action.RUN, "backtest_v5", null);
    private final Plan plan = ((Decision.NeedsConfirmation) new Policy().decide(intent, new Requester("U1", true),
        FakeState.seed())).plan();

    @Test
    void should_give_each_plan_an_unguessable_id_and_yes_no_choice_ids() {
        PlanStore.Pending a = store.put("U1", "C/U1", intent, plan);
        PlanStore.Pending b = store.put("U1", "C/U1", intent, plan);
        assertNotEquals(a.id(), b.id());
        assertEquals(16, a.id().length());
        assertEquals(a.id() + ":yes", PlanStore.yesId(a));
        assertEquals(a.id() + ":no", PlanStore.noId(a));
    }

    @Test
    void should_let_only_the_owner_take_it_and_not_burn_it_for_others() {
        PlanStore.Pending p = store.put("U1", "C/U1", intent, plan);
        PlanStore.Refused r = assertInstanceOf(PlanStore.Refused.class, store.take(PlanStore.yesId(p), "U2"));
        assertEquals("not_owner", r.code());
        PlanStore.Ok ok = assertInstanceOf(PlanStore.Ok.class, store.take(PlanStore.yesId(p), "U1"));
        assertEquals(PlanStore.Verb.YES, ok.verb());
        assertEquals(plan, ok.pending().plan());
    }

    @Test
    void should_take_a_choice_only_once() {
        PlanStore.Pending p = store.put("U1", "C/U1", intent, plan);
        assertInstanceOf(PlanStore.Ok.class, store.take(PlanStore.noId(p), "U1"));
        assertEquals("used", ((PlanStore.Refused) store.take(PlanStore.yesId(p), "U1")).code());
        assertEquals("used", ((PlanStore.Refused) store.take(PlanStore.noId(p), "U1")).code());
    }

    @Test
    void should_refuse_after_expiry() {
        PlanStore.Pending p = store.put("U1", "C/U1", intent, plan);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertEquals("expired", ((PlanStore.Refused) store.take(PlanStore.yesId(p), "U1")).code());
        PlanStore.Pending q = store.put("U1", "C/U1", intent, plan);
        clock.now = clock.now.plus(Duration.ofMinutes(9));
        assertInstanceOf(PlanStore.Ok.class, store.take(PlanStore.yesId(q), "U1"));
    }

    @Test
    void should_refuse_unknown_and_malformed_choice_ids() {
        PlanStore.Pending p = store.put("U1", "C/U1", intent, plan);
        for (String bad : List.of("nope:yes", p.id() + ":maybe", p.id(), "", ":yes")) {
            assertEquals("unknown_choice", ((PlanStore.Refused) store.take(bad, "U1")).code(), bad);
        }
        assertEquals("unknown_choice", ((PlanStore.Refused) store.take(null, "U1")).code());
    }

    @Test
    void should_hand_a_plan_to_exactly_one_of_many_concurrent_clicks() throws Exception {
        PlanStore.Pending p = store.put("U1", "C/U1", intent, plan);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<PlanStore.Taken>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) results.add(pool.submit(() -> store.take(PlanStore.yesId(p), "U1")));
        int ok = 0;
        for (Future<PlanStore.Taken> f : results) if (f.get() instanceof PlanStore.Ok) ok++;
        pool.shutdown();
        assertEquals(1, ok);
    }

    @Test
    void should_find_the_latest_open_question_of_a_conversation() {
        store.put("U1", "C/U1", intent, plan);
        PlanStore.Pending last = store.put("U1", "C/U1", intent, plan);
        store.put("U2", "C/U2", intent, plan);
        assertEquals(last.id(), store.latest("U1", "C/U1").orElseThrow().id());
    }
}
