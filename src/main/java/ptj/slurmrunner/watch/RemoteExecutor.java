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

    /** A long-running remote command whose stdout arrives line by line (the watcher's marker loop). */
    interface Stream extends AutoCloseable {
        boolean alive();

        @Override
        void close();
    }

    /** Receives a {@link Stream}'s lines on a reader thread, then exactly one {@code ended}. */
    interface Lines {
        void line(String line);

        void ended(String why);
    }

    /**
     * Starts {@code command} and hands its stdout lines to {@code lines} until it exits or {@link Stream#close()}.
     * An executor that cannot keep a command running says so here; the watcher then polls as before.
     */
    default Stream stream(String command, Lines lines) throws IOException {
        throw new IOException("streaming commands not supported by " + describe());
    }

    /** Where commands go, for notices and logs (e.g. {@code root@127.0.0.1:2222}); never a secret. */
    String describe();

    @Override
    default void close() {}
}
