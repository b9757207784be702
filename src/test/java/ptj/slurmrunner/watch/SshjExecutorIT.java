package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher's ssh connection against a private sshd on 127.0.0.1 (started by absolute path, stopped by its own
 * process handle): host-key checking, a real connection drop, reconnect with backoff.
 */
class SshjExecutorIT {
    @TempDir Path dir;
    int port;
    Process sshd;
    SshjExecutor exec;

    @BeforeEach
    void keys() throws Exception {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_key").toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("id_ed25519").toString());
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + dir.resolve("host_key"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "PidFile " + dir.resolve("sshd.pid"),
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "StrictModes no", "UsePAM no",
                "UseDNS no", "PermitRootLogin prohibit-password", "") );
        Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_key.pub")));
        Files.writeString(dir.resolve("ssh_config"), String.join("\n", "Host test-login", "  HostName 127.0.0.1",
                "  Port " + port, "  User " + System.getProperty("user.name"),
                "  IdentityFile " + dir.resolve("id_ed25519"), "  UserKnownHostsFile " + dir.resolve("known_hosts"), ""));
        startSshd();
    }

    @AfterEach
    void stop() throws Exception {
        if (exec != null) exec.close();
        stopSshd();
    }

    @Test
    void should_run_commands_over_one_connection_and_return_exit_status() throws Exception {
        exec = new SshjExecutor(SshSettings.resolve("test-login", dir.resolve("ssh_config").toString()));
        RemoteExecutor.Result a = exec.exec("echo hi; echo oops >&2");
        RemoteExecutor.Result b = exec.exec("exit 3");
        assertEquals("hi\n", a.stdout());
        assertEquals("oops\n", a.stderr());
        assertEquals(3, b.exitStatus());
        assertEquals(1, exec.connects(), "one persistent connection");
    }

    @Test
    void should_refuse_a_host_whose_key_is_not_the_known_one() throws Exception {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("other_key").toString());
        Files.writeString(dir.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("other_key.pub")));
        exec = new SshjExecutor(SshSettings.resolve("test-login", dir.resolve("ssh_config").toString()));
        assertThrows(IOException.class, () -> exec.exec("echo hi"));
        assertEquals(0, exec.connects());
    }

    @Test
    void should_refuse_a_host_missing_from_known_hosts() throws Exception {
        Files.writeString(dir.resolve("known_hosts"), "");
        exec = new SshjExecutor(SshSettings.resolve("test-login", dir.resolve("ssh_config").toString()));
        assertThrows(IOException.class, () -> exec.exec("echo hi"));
        assertEquals(0, exec.connects());
    }

    @Test
    void should_reconnect_with_backoff_after_the_server_went_away() throws Exception {
        exec = new SshjExecutor(SshSettings.resolve("test-login", dir.resolve("ssh_config").toString()),
                Duration.ofSeconds(10), Duration.ofSeconds(4));
        assertEquals("1\n", exec.exec("echo 1").stdout());
        stopSshd(); // kills the listener and, with it, our session's server process
        exec.dropConnection("test: the network dropped");
        IOException first = assertThrows(IOException.class, () -> exec.exec("echo 2"));
        long t0 = System.nanoTime();
        IOException second = assertThrows(IOException.class, () -> exec.exec("echo 2"));
        assertTrue(second.getMessage().contains("next attempt in"), second.getMessage());
        assertTrue(System.nanoTime() - t0 < 100_000_000L, "fails fast while backing off");
        startSshd();
        long end = System.currentTimeMillis() + 15_000;
        String out = null;
        while (out == null && System.currentTimeMillis() < end) {
            try {
                out = exec.exec("echo 3").stdout();
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        assertEquals("3\n", out, "reconnected; first failure was: " + first.getMessage());
        assertEquals(2, exec.connects());
    }

    private void startSshd() throws Exception {
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        long end = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
    }

    private void stopSshd() throws Exception {
        if (sshd == null) return;
        sshd.descendants().forEach(ProcessHandle::destroyForcibly);
        sshd.destroyForcibly();
        sshd.waitFor(5, TimeUnit.SECONDS);
        sshd = null;
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + ": " + out);
    }
}
