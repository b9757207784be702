package ptj.slurmrunner.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (systemd's and launchd's stop, {@code kill PID}) and SIGINT (Ctrl-C) as a request to stop, not as an exit:
 * the JVM's default turns them into an exit with status 143/130 whose shutdown hooks race each other. Here the signal
 * only runs {@code onStop}; the caller then stops in order and returns 0. {@code sun.misc.Signal} is the JDK's
 * supported-but-internal way (module jdk.unsupported) — where it is missing, the default behaviour stays and the
 * caller's shutdown hook does the same steps.
 */
public final class GracefulStop {
    private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

    private GracefulStop() {}

    public static void onTermination(Runnable onStop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    log.info("SIG{} received: stopping", sig.getName());
                    onStop.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                log.warn("cannot handle SIG{} ({}); the shutdown hook will stop the bot", name, e.toString());
            }
        }
    }
}
