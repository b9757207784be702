package ptj.slurmrunner.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where and how the watcher's own ssh connection goes: the same host, user, port, keys and known-hosts files
 * OpenSSH would use for the toolkit's alias. sshj does not read ~/.ssh/config, so {@link #resolve} asks
 * {@code ssh -G [-F SSH_CONFIG] ALIAS}, which prints OpenSSH's final answer after every Host/Match/Include rule.
 */
public record SshSettings(String alias, String hostname, String user, int port, List<Path> identityFiles,
                          List<Path> knownHostsFiles, int connectTimeoutSeconds, int serverAliveIntervalSeconds) {

    public SshSettings {
        identityFiles = List.copyOf(identityFiles);
        knownHostsFiles = List.copyOf(knownHostsFiles);
    }

    /** Runs {@code ssh -G}; {@code sshConfig} may be null or blank for the user's ~/.ssh/config. */
    public static SshSettings resolve(String alias, String sshConfig) throws IOException {
        if (alias == null || !alias.matches("[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}")) {
            throw new IOException("invalid ssh alias: " + alias);
        }
        List<String> cmd = new ArrayList<>(List.of("ssh", "-G"));
        if (sshConfig != null && !sshConfig.isBlank()) cmd.addAll(List.of("-F", sshConfig));
        cmd.add(alias);
        Path err = Files.createTempFile("ssh-G", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ssh -G " + alias + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException("ssh -G " + alias + " failed: " + Files.readString(err).strip());
            }
            return parse(alias, out, Path.of(System.getProperty("user.home")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Parses {@code ssh -G} output (lower-case keywords, one per line; repeated keys for lists). */
    static SshSettings parse(String alias, String sshG, Path home) {
        String hostname = alias;
        String user = System.getProperty("user.name");
        int port = 22;
        int connectTimeout = 10;
        int aliveInterval = 15;
        List<Path> ids = new ArrayList<>();
        List<Path> known = new ArrayList<>();
        List<Path> global = new ArrayList<>();
        for (String line : sshG.lines().toList()) {
            int sp = line.indexOf(' ');
            if (sp < 0) continue;
            String key = line.substring(0, sp).toLowerCase(Locale.ROOT);
            String value = line.substring(sp + 1).strip();
            switch (key) {
                case "hostname" -> hostname = value;
                case "user" -> user = value;
                case "port" -> port = Integer.parseInt(value);
                case "identityfile" -> ids.add(expand(value, home));
                case "userknownhostsfile" -> {
                    for (String f : value.split("\\s+")) known.add(expand(f, home));
                }
                case "globalknownhostsfile" -> {
                    for (String f : value.split("\\s+")) global.add(expand(f, home));
                }
                case "connecttimeout" -> connectTimeout = value.equals("none") ? 10 : Integer.parseInt(value);
                case "serveraliveinterval" -> {
                    int v = Integer.parseInt(value);
                    if (v > 0) aliveInterval = v;
                }
                default -> { }
            }
        }
        known.addAll(global);
        return new SshSettings(alias, hostname, user, port, ids, known, connectTimeout, aliveInterval);
    }

    private static Path expand(String f, Path home) {
        if (f.equals("~")) return home;
        if (f.startsWith("~/")) return home.resolve(f.substring(2));
        return Path.of(f);
    }

    public String describe() {
        return user + "@" + hostname + ":" + port;
    }
}
