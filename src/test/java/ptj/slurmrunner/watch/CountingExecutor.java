package ptj.slurmrunner.watch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/** Wraps the real executor: records every command, and can swap the next matching commands for a failing one. */
final class CountingExecutor implements RemoteExecutor {
    private final RemoteExecutor inner;
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    volatile int breakNextSqueue;
    volatile UnaryOperator<String> rewrite = UnaryOperator.identity();

    CountingExecutor(RemoteExecutor inner) {
        this.inner = inner;
    }

    @Override
    public Result exec(String command) throws IOException {
        commands.add(command);
        if (command.startsWith("squeue") && breakNextSqueue > 0) {
            breakNextSqueue--;
            // what a controller outage looks like from the login node: squeue fails with a message
            return inner.exec("echo 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)' >&2; exit 1");
        }
        return inner.exec(command);
    }

    /** The marker loop passes through, counted as one "loop" command per start. */
    @Override
    public Stream stream(String command, Lines lines) throws IOException {
        commands.add("loop " + command.length());
        return inner.stream(command, lines);
    }

    long count(String prefix) {
        synchronized (commands) {
            return commands.stream().filter(c -> c.startsWith(prefix)).count();
        }
    }

    @Override
    public String describe() {
        return inner.describe();
    }

    @Override
    public void close() {
        inner.close();
    }
}
