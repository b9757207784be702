package ptj.slurmrunner.watch;

/** Lets tests in other packages (the Slack ITs) drive one watcher poll, as the watcher's own tests do. */
public final class WatcherAccess {
    private WatcherAccess() {}

    public static void pollOnce(Watcher w) {
        w.pollOnce();
    }
}
