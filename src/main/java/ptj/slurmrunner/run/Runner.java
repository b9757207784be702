package ptj.slurmrunner.run;

import java.util.Map;
import java.util.function.Consumer;

/** Runs one make target of the toolkit. {@link MakeRunner} is the real one; tests hand-write fakes. */
public interface Runner {
    /**
     * Runs {@code make <target> VAR=value… OUTPUT=json}. {@code progress} receives output lines as they come (for
     * the "⏳" updates). Never throws for a failed run: the failure is in the result ({@code ok=false}, an error code).
     */
    MakeResult run(String target, Map<String, String> vars, Consumer<String> progress);
}
