package ptj.slurmrunner.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The bot scopes a Slack app manifest asks for ({@code oauth_config.scopes.bot}), read without a YAML library: the
 * manifests under config/ are plain block lists, and this reads only that one list.
 */
public final class SlackManifest {
    private SlackManifest() {}

    public static Set<String> botScopes(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest);
        Set<String> scopes = new LinkedHashSet<>();
        boolean inScopes = false;
        boolean inBot = false;
        int botIndent = -1;
        for (String line : lines) {
            if (line.isBlank() || line.strip().startsWith("#")) continue;
            int indent = line.length() - line.stripLeading().length();
            String t = line.strip();
            if (t.equals("scopes:")) {
                inScopes = true;
                continue;
            }
            if (inScopes && t.equals("bot:")) {
                inBot = true;
                botIndent = indent;
                continue;
            }
            if (inBot) {
                if (t.startsWith("- ") && indent >= botIndent) {
                    scopes.add(t.substring(2).strip());
                    continue;
                }
                break;
            }
            if (inScopes && indent == 0) inScopes = false;
        }
        return scopes;
    }
}
