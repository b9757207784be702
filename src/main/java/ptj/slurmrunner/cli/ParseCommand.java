package ptj.slurmrunner.cli;

/** Placeholder until the owning issue lands; fails loudly rather than pretending. */
public final class ParseCommand {
    private ParseCommand() {}

    public static int run(String[] args) {
        System.err.println("parse: not implemented yet");
        return 2;
    }
}
