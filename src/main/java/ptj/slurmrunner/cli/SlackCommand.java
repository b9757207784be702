package ptj.slurmrunner.cli;

/** Placeholder until the owning issue lands; fails loudly rather than pretending. */
public final class SlackCommand {
    private SlackCommand() {}

    public static int run(String[] args) {
        System.err.println("slack: not implemented yet");
        return 2;
    }
}
