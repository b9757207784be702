package ptj.slurmrunner.watch;

import java.io.IOException;

/**
 * Runs one command on the login node and returns what it printed. An {@link IOException} means the command
 * could not be run or its answer was lost (connection down, timeout): the caller learns nothing about jobs from it.
 * A non-zero exit status is a normal {@link Result}; the caller decides what it means.
 */
public interface RemoteExecutor extends AutoCloseable {

    record Result(int exitStatus, String stdout, String stderr) {
        public boolean ok() { return exitStatus == 0; }
    }

    Result exec(String command) throws IOException;

    /** Where commands go, for notices and logs (e.g. {@code root@127.0.0.1:2222}); never a secret. */
    String describe();

    @Override
    default void close() {}
}
