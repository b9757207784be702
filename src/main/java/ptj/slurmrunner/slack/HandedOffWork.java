package ptj.slurmrunner.slack;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The work a listener hands off after its ack, counted while in flight so tests and shutdown can wait for it.
 * A failure is logged (the request was already acked), a rejected hand-off too (the executor is shutting down).
 */
final class HandedOffWork {
    interface Work {
        void run() throws Exception;
    }

    private final ExecutorService executor;
    private final Logger log;
    private final String what;
    private final Phaser inFlight = new Phaser(1);

    /** {@code what} names the work in the failure log line ("background work failed: …"). */
    HandedOffWork(ExecutorService executor, Logger log, String what) {
        this.executor = executor;
        this.log = log;
        this.what = what;
    }

    void submit(Work w) {
        inFlight.register();
        try {
            executor.execute(() -> {
                try {
                    w.run();
                } catch (Exception e) {
                    log.error("{} failed: {}", what, e.toString());
                } finally {
                    inFlight.arriveAndDeregister();
                }
            });
        } catch (RuntimeException rejected) {
            inFlight.arriveAndDeregister();
            log.error("work rejected: {}", rejected.toString());
        }
    }

    /** Waits until every piece of work handed off so far has finished. */
    boolean awaitIdle(long timeout, TimeUnit unit) {
        int phase = inFlight.arrive();
        try {
            inFlight.awaitAdvanceInterruptibly(phase, timeout, unit);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
