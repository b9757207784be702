package ptj.slurmrunner.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster settings exactly as the make toolkit reads them (scripts/slurm/lib/config.sh): {@code CLUSTER_CONF},
 * else {@code config/cluster.dev.conf} when present, else {@code config/cluster.conf}; then each key overridden by an
 * environment variable of the same name; then the toolkit's defaults (PARTITION=all, ACCOUNT=default,
 * CONTAINER_RUNTIME=pyxis, CONTAINER_IMAGE=REMOTE_DIR/slurm/images/ptj_stock_lab.sqsh).
 */
public record ClusterConf(Path file, boolean exists, Map<String, String> values) {
    static final List<String> KEYS = List.of("SLURM_HOST", "REMOTE_DIR", "PARTITION", "ACCOUNT", "CONTAINER_IMAGE",
        "CONTAINER_RUNTIME", "SSH_CONFIG");

    public static ClusterConf load(Path projectDir, Map<String, String> env) throws IOException {
        Path file;
        String chosen = env.get("CLUSTER_CONF");
        if (chosen != null && !chosen.isBlank()) {
            file = projectDir.resolve(chosen);
        } else if (Files.exists(projectDir.resolve("config/cluster.dev.conf"))) {
            file = projectDir.resolve("config/cluster.dev.conf");
        } else {
            file = projectDir.resolve("config/cluster.conf");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        boolean exists = Files.isRegularFile(file);
        if (exists) kv.putAll(keyValues(file));
        for (String k : KEYS) {
            String v = env.get(k);
            if (v != null && !v.isBlank()) kv.put(k, v.strip());
        }
        kv.putIfAbsent("PARTITION", "all");
        kv.putIfAbsent("ACCOUNT", "default");
        kv.putIfAbsent("CONTAINER_RUNTIME", "pyxis");
        if (kv.get("REMOTE_DIR") != null) {
            kv.putIfAbsent("CONTAINER_IMAGE", kv.get("REMOTE_DIR") + "/slurm/images/ptj_stock_lab.sqsh");
        }
        return new ClusterConf(file, exists, kv);
    }

    /** {@code KEY=VALUE} lines of a conf file (comments and blank lines skipped, optional quotes removed). */
    public static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq <= 0) continue;
            String v = l.substring(eq + 1).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            kv.put(l.substring(0, eq).strip(), v);
        }
        return kv;
    }

    public String get(String key) {
        return values.get(key);
    }
}
