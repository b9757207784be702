package ptj.slurmrunner.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The profiles of a project: {@code <projectDir>/slurm/profiles/*.conf}. The files are parsed as {@code KEY=value}
 * lines and never sourced, so nothing in them is executed. Unknown keys, comments, blank and malformed lines are
 * skipped. Files whose name is not a valid profile name are ignored. Read fresh on every call: profiles change while
 * the bot runs, and three small files cost microseconds.
 */
public final class ProfileCatalog {
    /** Same form the toolkit enforces for PROFILE (docs/toolkit-contract.md). */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern LINE = Pattern.compile("\\s*(?:export\\s+)?([A-Z][A-Z0-9_]*)\\s*=(.*)");

    private final Path profilesDir;

    public ProfileCatalog(Path projectDir) {
        this.profilesDir = projectDir.resolve("slurm").resolve("profiles");
    }

    public Path profilesDir() {
        return profilesDir;
    }

    /** All readable profiles, sorted by name; empty when the folder does not exist. */
    public List<Profile> list() {
        if (!Files.isDirectory(profilesDir)) return List.of();
        List<Profile> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(profilesDir, "*.conf")) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                String name = file.substring(0, file.length() - ".conf".length());
                if (!NAME.matcher(name).matches() || !Files.isRegularFile(f)) continue;
                out.add(parse(name, Files.readAllLines(f, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + profilesDir, e);
        }
        out.sort(Comparator.comparing(Profile::name));
        return List.copyOf(out);
    }

    public List<String> names() {
        return list().stream().map(Profile::name).toList();
    }

    public Optional<Profile> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) return Optional.empty();
        return list().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every {@code KEY=value} of one profile as written (results/ reads its RESULTS_* keys); empty when absent. */
    public Map<String, String> keys(String name) {
        if (name == null || !NAME.matcher(name).matches()) return Map.of();
        Path f = profilesDir.resolve(name + ".conf");
        try {
            return Files.isRegularFile(f) ? keyValues(Files.readAllLines(f, StandardCharsets.UTF_8)) : Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }

    static Map<String, String> keyValues(List<String> lines) {
        Map<String, String> kv = new HashMap<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            var m = LINE.matcher(line);
            if (!m.matches()) continue;
            kv.put(m.group(1), unquote(m.group(2).strip()));
        }
        return kv;
    }

    /** Parses the lines of one profile file; tolerant of anything it does not know. */
    public static Profile parse(String name, List<String> lines) {
        Map<String, String> kv = keyValues(lines);
        return new Profile(name, kv.get("DESCRIPTION"), kv.get("SCRIPT"), kv.get("SCRIPT_ARGS"),
            parseInt(kv.get("CPUS")), blankToNull(kv.get("MEM")), blankToNull(kv.get("TIME")),
            blankToNull(kv.get("PARTITION")), blankToNull(kv.get("ACCOUNT")), kv.get("TEMPLATE"),
            "yes".equalsIgnoreCase(kv.getOrDefault("CONTAINER", "").strip()),
            words(kv.get("CODE_FILES")), words(kv.get("RESULTS_PULL")));
    }

    /** One pair of matching surrounding quotes is dropped; a trailing " # comment" after a quoted value too. */
    private static String unquote(String v) {
        if (v.length() >= 2) {
            char q = v.charAt(0);
            if (q == '"' || q == '\'') {
                int end = v.indexOf(q, 1);
                if (end > 0) return v.substring(1, end);
            }
        }
        return v;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Integer parseInt(String v) {
        if (v == null || !v.strip().matches("[0-9]{1,6}")) return null;
        return Integer.valueOf(v.strip());
    }

    private static List<String> words(String v) {
        if (v == null || v.isBlank()) return List.of();
        return Arrays.stream(v.strip().split("\\s+")).toList();
    }
}
