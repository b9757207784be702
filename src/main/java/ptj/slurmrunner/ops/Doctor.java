package ptj.slurmrunner.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.ChatModel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import ptj.slurmrunner.config.StateDir;
import ptj.slurmrunner.intent.LlmConfig;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.watch.SshSettings;
import ptj.slurmrunner.watch.SshjExecutor;

/**
 * {@code slurm-runner doctor}: checks a real installation, one Korean line per check (✅ right, ❌ what to fix),
 * in the order a set-up goes wrong: Slack token and scopes, the transport's credential, the cluster conf, ssh, the
 * remote dir, partition and account, the container image, the watcher's sshj host key, the LLM, the state dir.
 * Everything the cluster must answer comes back from one ssh round trip. Secrets are never printed.
 */
public final class Doctor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAFE_PATH = "/[A-Za-z0-9_./+-]{0,400}";
    private static final String SAFE_NAME = "[A-Za-z0-9_-]{1,64}";

    private final Map<String, String> env;
    private final Path projectDir;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private int failures;

    public Doctor(Map<String, String> env, Path projectDir, PrintStream out) {
        this.env = env;
        this.projectDir = projectDir;
        this.out = out;
    }

    /** Runs every check; 0 when all passed, 1 otherwise. */
    public int run() {
        slack();
        ClusterConf conf = clusterConf();
        if (conf != null) cluster(conf);
        llm();
        stateDir();
        line(failures == 0 ? "ops.doctor.all_ok" : "ops.doctor.some_failed", failures);
        return failures == 0 ? 0 : 1;
    }

    // ---- Slack ----------------------------------------------------------------------------------------------

    private void slack() {
        String token = env.get("SLACK_BOT_TOKEN");
        String apiUrl = env.getOrDefault("SLACK_API_URL", "https://slack.com/api/");
        if (!apiUrl.endsWith("/")) apiUrl += "/";
        boolean socket = present("SLACK_APP_TOKEN");
        if (token == null || token.isBlank()) {
            fail("ops.doctor.token.missing");
        } else {
            try {
                HttpResponse<String> r = slackCall(apiUrl + "auth.test", token);
                JsonNode j = JSON.readTree(r.body());
                if (!j.path("ok").asBoolean()) {
                    fail("ops.doctor.token.bad", j.path("error").asText("?"));
                } else {
                    pass("ops.doctor.token.ok", j.path("team").asText("?"), j.path("user").asText("?"));
                    scopes(r.headers().firstValue("x-oauth-scopes").orElse(null), socket);
                }
            } catch (IOException | RuntimeException e) {
                fail("ops.doctor.token.unreachable", apiUrl, e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket) {
            try {
                JsonNode j = JSON.readTree(slackCall(apiUrl + "apps.connections.open", env.get("SLACK_APP_TOKEN")).body());
                if (j.path("ok").asBoolean()) pass("ops.doctor.app_token.ok");
                else fail("ops.doctor.app_token.bad", j.path("error").asText("?"));
            } catch (IOException | RuntimeException e) {
                fail("ops.doctor.app_token.bad", e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (present("SLACK_SIGNING_SECRET")) {
            pass("ops.doctor.signing.ok", env.getOrDefault("SLACK_PORT", "3000"));
        } else {
            fail("ops.doctor.signing.missing");
        }
    }

    private void scopes(String granted, boolean socket) {
        Path manifest = manifest(socket);
        if (manifest == null) {
            fail("ops.doctor.scopes.no_manifest", projectDir.resolve("config/slack-manifest.yml"));
            return;
        }
        Set<String> wanted;
        try {
            wanted = SlackManifest.botScopes(manifest);
        } catch (IOException e) {
            fail("ops.doctor.scopes.no_manifest", manifest);
            return;
        }
        if (granted == null) {
            fail("ops.doctor.scopes.no_header");
            return;
        }
        Set<String> have = Arrays.stream(granted.split(",")).map(String::strip).filter(s -> !s.isEmpty())
            .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(have);
        if (missing.isEmpty()) pass("ops.doctor.scopes.ok", wanted.size(), projectDir.relativize(manifest.toAbsolutePath()));
        else fail("ops.doctor.scopes.missing", String.join(", ", missing), projectDir.relativize(manifest.toAbsolutePath()));
    }

    private Path manifest(boolean socket) {
        List<Path> candidates = new ArrayList<>();
        String chosen = env.get("SLACK_MANIFEST");
        if (chosen != null && !chosen.isBlank()) candidates.add(projectDir.resolve(chosen));
        if (!socket) candidates.add(projectDir.resolve("config/slack-manifest.http.yml"));
        candidates.add(projectDir.resolve("config/slack-manifest.yml"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().map(Path::toAbsolutePath).orElse(null);
    }

    private HttpResponse<String> slackCall(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString("")).build();
        return http.send(req, HttpResponse.BodyHandlers.ofString());
    }

    // ---- cluster ----------------------------------------------------------------------------------------------

    private ClusterConf clusterConf() {
        try {
            ClusterConf c = ClusterConf.load(projectDir, env);
            String where = c.exists() ? c.file().toString() : Messages.get("ops.doctor.conf.env_only", c.file());
            if (c.get("SLURM_HOST") == null || c.get("REMOTE_DIR") == null) {
                fail("ops.doctor.conf.incomplete", where);
                return null;
            }
            pass("ops.doctor.conf.ok", where, c.get("SLURM_HOST"), c.get("REMOTE_DIR"));
            return c;
        } catch (IOException e) {
            fail("ops.doctor.conf.unreadable", e.getMessage());
            return null;
        }
    }

    private void cluster(ClusterConf c) {
        String host = c.get("SLURM_HOST");
        String sshConfig = c.get("SSH_CONFIG");
        SshSettings ssh;
        try {
            ssh = SshSettings.resolve(host, sshConfig);
            pass("ops.doctor.ssh_g.ok", host, ssh.describe());
        } catch (IOException e) {
            fail("ops.doctor.ssh_g.bad", host, oneLine(e.getMessage()));
            skip("ops.doctor.skip.ssh");
            return;
        }
        Set<String> partitions = new LinkedHashSet<>(List.of(c.get("PARTITION")));
        Set<String> accounts = new LinkedHashSet<>(List.of(c.get("ACCOUNT")));
        profileValues(partitions, accounts);
        boolean pyxis = "pyxis".equals(c.get("CONTAINER_RUNTIME"));
        String image = c.get("CONTAINER_IMAGE");
        String remoteDir = c.get("REMOTE_DIR");
        List<String> bad = new ArrayList<>();
        if (!remoteDir.matches(SAFE_PATH)) bad.add("REMOTE_DIR");
        if (pyxis && (image == null || !image.matches(SAFE_PATH))) bad.add("CONTAINER_IMAGE");
        Stream.concat(partitions.stream(), accounts.stream()).filter(v -> !v.matches(SAFE_NAME)).forEach(bad::add);
        if (!bad.isEmpty()) {
            fail("ops.doctor.conf.bad_value", String.join(", ", bad));
            return;
        }
        long t0 = System.nanoTime();
        Map<String, String> facts;
        try {
            facts = remoteFacts(host, sshConfig, remoteDir, pyxis ? image : "");
        } catch (IOException e) {
            fail("ops.doctor.ssh.bad", host, oneLine(e.getMessage()));
            skip("ops.doctor.skip.ssh");
            // the watcher's own host-key check says more only when the host key is what failed
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("host key")) hostKey(ssh);
            return;
        }
        pass("ops.doctor.ssh.ok", host, (System.nanoTime() - t0) / 1_000_000);
        if (!"1".equals(facts.get("dir"))) fail("ops.doctor.remote_dir.missing", remoteDir);
        else if (!"1".equals(facts.get("dirw"))) fail("ops.doctor.remote_dir.readonly", remoteDir);
        else pass("ops.doctor.remote_dir.ok", remoteDir);

        String parts = facts.getOrDefault("parts", "?");
        if ("?".equals(parts)) {
            fail("ops.doctor.partition.unknown");
        } else {
            Set<String> known = words(parts);
            Set<String> unknown = new TreeSet<>(partitions);
            unknown.removeAll(known);
            if (unknown.isEmpty()) pass("ops.doctor.partition.ok", String.join(", ", partitions));
            else fail("ops.doctor.partition.bad", String.join(", ", unknown), String.join(", ", new TreeSet<>(known)));
        }
        String accts = facts.getOrDefault("accts", "?");
        if ("?".equals(accts)) {
            pass("ops.doctor.account.no_accounting", String.join(", ", accounts));
        } else {
            Set<String> known = words(accts.toLowerCase(java.util.Locale.ROOT));
            Set<String> unknown = new TreeSet<>();
            for (String a : accounts) if (!known.contains(a.toLowerCase(java.util.Locale.ROOT))) unknown.add(a);
            if (unknown.isEmpty()) pass("ops.doctor.account.ok", String.join(", ", accounts), facts.getOrDefault("user", "?"));
            else fail("ops.doctor.account.bad", String.join(", ", unknown), facts.getOrDefault("user", "?"),
                known.isEmpty() ? "-" : String.join(", ", new TreeSet<>(known)));
        }
        if (!pyxis) pass("ops.doctor.image.no_container", c.get("CONTAINER_RUNTIME"));
        else if ("1".equals(facts.get("img"))) pass("ops.doctor.image.ok", image);
        else fail("ops.doctor.image.missing", image);
        hostKey(ssh);
    }

    /** PARTITION/ACCOUNT values of slurm/profiles/*.conf: each must be valid as well. */
    private void profileValues(Set<String> partitions, Set<String> accounts) {
        Path dir = projectDir.resolve("slurm/profiles");
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
                Map<String, String> kv = ClusterConf.keyValues(p);
                if (kv.get("PARTITION") != null && !kv.get("PARTITION").isBlank()) partitions.add(kv.get("PARTITION"));
                if (kv.get("ACCOUNT") != null && !kv.get("ACCOUNT").isBlank()) accounts.add(kv.get("ACCOUNT"));
            }
        } catch (IOException e) {
            // the profiles are checked by the toolkit itself; the cluster's own values are enough here
        }
    }

    /**
     * One ssh round trip: a small sh script on stdin prints {@code key=value} lines — remote dir exists/writable,
     * partitions (sinfo), the user's accounts (sacctmgr associations), the image file. Values are validated above
     * and passed single-quoted as the script's arguments.
     */
    Map<String, String> remoteFacts(String host, String sshConfig, String remoteDir, String image) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10"));
        if (sshConfig != null && !sshConfig.isBlank()) cmd.addAll(List.of("-F", sshConfig));
        cmd.add(host);
        cmd.add("sh -s -- '" + remoteDir + "' '" + image + "'");
        String script = String.join("\n",
            "d=$1; img=$2",
            "if [ -d \"$d\" ]; then echo dir=1; else echo dir=0; fi",
            "t=\"$d/.slurm-runner-doctor.$$\"",
            "if ( : > \"$t\" ) 2>/dev/null; then rm -f \"$t\"; echo dirw=1; else echo dirw=0; fi",
            "echo \"user=$(id -un)\"",
            "if command -v sinfo >/dev/null 2>&1; then echo \"parts=$(sinfo -h -o %R 2>/dev/null | tr '\\n' ' ')\"; "
                + "else echo 'parts=?'; fi",
            "if command -v sacctmgr >/dev/null 2>&1 && a=$(sacctmgr -nP show assoc where user=\"$(id -un)\" "
                + "format=account 2>/dev/null); then echo \"accts=$(printf '%s\\n' \"$a\" | sort -u | tr '\\n' ' ')\"; "
                + "else echo 'accts=?'; fi",
            "if [ -n \"$img\" ] && [ -f \"$img\" ] && [ -r \"$img\" ]; then echo img=1; else echo img=0; fi",
            "echo end=1", "");
        Path err = Files.createTempFile("doctor-ssh", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            try (var in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // ssh exited before reading (cannot connect): its stderr says why
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException("ssh timed out after 30 s");
            }
            String text = stdout.get(5, TimeUnit.SECONDS);
            Map<String, String> facts = new HashMap<>();
            for (String l : text.lines().toList()) {
                int eq = l.indexOf('=');
                if (eq > 0) facts.put(l.substring(0, eq), l.substring(eq + 1).strip());
            }
            if (p.exitValue() != 0 || !facts.containsKey("end")) {
                String why = Files.readString(err).strip();
                throw new IOException(why.isEmpty() ? "ssh exit " + p.exitValue() : why);
            }
            return facts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(e.toString(), e);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The watcher talks sshj, which does not read ~/.ssh/config: its own connect proves the host key is known. */
    private void hostKey(SshSettings ssh) {
        try (SshjExecutor x = new SshjExecutor(ssh, Duration.ofSeconds(15), Duration.ofSeconds(1))) {
            var r = x.exec("true");
            if (r.ok()) pass("ops.doctor.hostkey.ok", ssh.describe());
            else fail("ops.doctor.hostkey.other", ssh.describe(), "exit " + r.exitStatus());
        } catch (IOException | RuntimeException e) {
            String m = rootMessage(e);
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("host key") || lower.contains("known_hosts") || lower.contains("hostkey")) {
                fail("ops.doctor.hostkey.unknown", ssh.describe(), knownHostsHint(ssh));
            } else {
                fail("ops.doctor.hostkey.other", ssh.describe(), oneLine(m));
            }
        }
    }

    private static String knownHostsHint(SshSettings ssh) {
        String file = ssh.knownHostsFiles().isEmpty() ? "~/.ssh/known_hosts" : ssh.knownHostsFiles().get(0).toString();
        String target = ssh.port() == 22 ? ssh.hostname() : ssh.hostname() + " -p " + ssh.port();
        return "ssh-keyscan -t ed25519 " + target + " >> " + file;
    }

    // ---- LLM, state dir -------------------------------------------------------------------------------------

    private void llm() {
        LlmConfig.Choice choice = LlmConfig.fromEnvironment(env);
        if (choice.problem() != null) {
            fail("ops.doctor.llm.config", choice.problem());
            return;
        }
        LlmConfig cfg = choice.config();
        if (!cfg.enabled()) {
            pass("ops.doctor.llm.none");
            return;
        }
        ChatModel model = cfg.chatModel().orElseThrow();
        long t0 = System.nanoTime();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> model.chat("Reply with the word OK."));
        try {
            String a = answer.get(cfg.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (a == null || a.isBlank()) fail("ops.doctor.llm.bad", cfg.provider(), cfg.model(), "empty answer");
            else pass("ops.doctor.llm.ok", cfg.provider().name().toLowerCase(java.util.Locale.ROOT), cfg.model(), ms);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            fail("ops.doctor.llm.slow", cfg.model(), cfg.timeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            String why = rootMessage(e).toLowerCase(java.util.Locale.ROOT);
            if (why.contains("timed out") || why.contains("timeout")) { // the client's own timeout fired first
                fail("ops.doctor.llm.slow", cfg.model(), cfg.timeout().toMillis());
                return;
            }
            fail("ops.doctor.llm.bad", cfg.provider().name().toLowerCase(java.util.Locale.ROOT), cfg.model(),
                oneLine(rootMessage(e)));
        }
    }

    private void stateDir() {
        Path dir = StateDir.of(projectDir, env);
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".doctor", ".tmp");
            Files.writeString(probe, "ok");
            Files.delete(probe);
            pass("ops.doctor.state.ok", dir);
        } catch (IOException | RuntimeException e) {
            fail("ops.doctor.state.bad", dir, e.getClass().getSimpleName());
        }
    }

    // ---- output -----------------------------------------------------------------------------------------------

    private void pass(String key, Object... args) {
        out.println("✅ " + Messages.get(key, args));
    }

    private void fail(String key, Object... args) {
        failures++;
        out.println("❌ " + Messages.get(key, args));
    }

    private void skip(String key, Object... args) {
        out.println("⏭️ " + Messages.get(key, args));
    }

    private void line(String key, Object... args) {
        out.println(Messages.get(key, args));
    }

    private boolean present(String key) {
        String v = env.get(key);
        return v != null && !v.isBlank();
    }

    private static Set<String> words(String s) {
        return Arrays.stream(s.split("\\s+")).filter(w -> !w.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String oneLine(String s) {
        if (s == null) return "?";
        String l = s.strip().replace('\n', ' ').replace('\r', ' ');
        return l.length() > 200 ? l.substring(0, 200) + "…" : l;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
