package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshSettingsTest {
    @Test
    void should_take_host_user_port_keys_and_known_hosts_from_ssh_G_output() {
        String out = """
                host slurm-dev
                user root
                hostname 127.0.0.1
                port 2222
                connecttimeout none
                identityfile ~/.ssh/id_ed25519
                identityfile /var/lib/slurm-runner-dev/ssh/id_ed25519
                serveraliveinterval 0
                userknownhostsfile /var/lib/slurm-runner-dev/ssh/known_hosts ~/.ssh/known_hosts2
                globalknownhostsfile /etc/ssh/ssh_known_hosts
                """;
        SshSettings s = SshSettings.parse("slurm-dev", out, Path.of("/home/t"));
        assertEquals("127.0.0.1", s.hostname());
        assertEquals("root", s.user());
        assertEquals(2222, s.port());
        assertEquals(List.of(Path.of("/home/t/.ssh/id_ed25519"), Path.of("/var/lib/slurm-runner-dev/ssh/id_ed25519")),
                s.identityFiles());
        assertEquals(List.of(Path.of("/var/lib/slurm-runner-dev/ssh/known_hosts"), Path.of("/home/t/.ssh/known_hosts2"),
                Path.of("/etc/ssh/ssh_known_hosts")), s.knownHostsFiles());
        assertEquals("root@127.0.0.1:2222", s.describe());
    }

    @Test
    void should_ask_openssh_itself_through_ssh_G(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("config");
        Files.writeString(cfg, """
                Host gigaflops-node54
                  HostName 192.0.2.54
                  User taehyun
                  Port 2200
                  IdentityFile ~/.ssh/giga_ed25519
                  UserKnownHostsFile %d/giga_known_hosts
                """);
        SshSettings s = SshSettings.resolve("gigaflops-node54", cfg.toString());
        assertEquals("192.0.2.54", s.hostname());
        assertEquals("taehyun", s.user());
        assertEquals(2200, s.port());
        assertEquals(Path.of(System.getProperty("user.home"), ".ssh/giga_ed25519"), s.identityFiles().get(0));
        assertEquals(Path.of(System.getProperty("user.home"), "giga_known_hosts"), s.knownHostsFiles().get(0));
    }

    @Test
    void should_refuse_an_alias_that_looks_like_an_option() {
        assertThrows(IOException.class, () -> SshSettings.resolve("-oProxyCommand=x", null));
    }
}
