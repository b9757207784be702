package ptj.slurmrunner.watch;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@code /healthz} and {@code doctor} read of the watcher, and nothing more: the time of the last poll that
 * answered, how many polls in a row failed, and how many jobs it follows. The poll loop itself may change (event-driven
 * or timed); these four answers stay.
 */
public interface WatchHealth {
    /** When a squeue/sacct query last answered; empty until the first one (none is made while no job is live). */
    Optional<Instant> lastSuccessfulPoll();

    /** Failed queries since the last one that answered (0 when the last one answered). */
    int consecutiveFailures();

    /** Jobs not yet ended (these need polls). */
    int activeJobs();

    /** Every job the watcher remembers, ended ones included. */
    int trackedJobs();
}
