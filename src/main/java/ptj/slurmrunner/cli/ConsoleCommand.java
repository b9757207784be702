package ptj.slurmrunner.cli;

/** Placeholder until the owning issue lands; fails loudly rather than pretending. */
public final class ConsoleCommand {
    private ConsoleCommand() {}

    public static int run(String[] args) {
        System.err.println("console: not implemented yet");
        return 2;
    }
}
