package ptj.slurmrunner.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import ptj.slurmrunner.ops.Doctor;

/** {@code slurm-runner doctor}: one Korean line per check of this installation; exit 0 only when all pass. */
public final class DoctorCommand {
    private DoctorCommand() {}

    public static int run(String[] args) {
        // the checks speak for themselves: library chatter (sshj's connect lines) only when asked for
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        return new Doctor(System.getenv(), ConsoleCommand.projectDir(System.getenv()), out).run();
    }
}
