package ptj.slurmrunner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.intent.Intent;
import ptj.slurmrunner.intent.IntentParser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.messages.Messages;
import ptj.slurmrunner.sweep.SweepGrid;

/**
 * {@code slurm-runner parse "<text>"} (DESIGN.md contract 1): one JSON object on one line,
 * {@code {"action":"run","profile":"backtest_v5","jobId":null,...}}, exit 0 even for unknown. With no text it reads
 * one message per line from stdin and prints one JSON line per input line (blank lines too, so outputs line up).
 * The project (for slurm/profiles) is {@code SLURM_RUNNER_PROJECT_DIR} or the working directory. Output is UTF-8
 * whatever LANG says.
 */
public final class ParseCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParseCommand() {}

    public static int run(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        return run(args, System.in, out, err, System.getenv());
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        String dir = env.getOrDefault("SLURM_RUNNER_PROJECT_DIR", "");
        Path project = Path.of(dir.isBlank() ? System.getProperty("user.dir") : dir);
        ProfileCatalog catalog = new ProfileCatalog(project);
        IntentParser parser = IntentParsers.fromEnvironment(project, env);
        try {
            if (args.length > 0 && !(args.length == 1 && args[0].equals("-"))) {
                String text = String.join(" ", args);
                warnIfArgumentsWereMangled(text, err);
                out.println(line(parser.parse(text, catalog.names())));
            } else {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                    out.println(line(parser.parse(text, catalog.names())));
                    out.flush();
                }
            }
        } catch (IOException e) {
            err.println("parse: cannot read stdin: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    /** The JSON line: the contract's keys first, then the extra ones. */
    public static String line(Intent i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("action", i.action().wireName());
        o.put("profile", i.profile());
        o.put("jobId", i.jobId());
        o.put("confidence", i.confidence().name().toLowerCase(java.util.Locale.ROOT));
        o.put("dryRun", i.dryRun());
        ObjectNode ov = o.putObject("overrides");
        new TreeMap<>(i.overrides()).forEach(ov::put);
        o.put("question", i.question());
        var flags = o.putArray("flags");
        i.flags().stream().map(Enum::name).sorted().forEach(flags::add);
        o.put("source", i.source());
        String sweep = i.overrides().get("SWEEP");
        if (sweep != null) SweepGrid.parse(sweep).ifPresent(g -> {
            // the grid a sweep would run: arguments with their values, and the number of tasks
            ObjectNode s = o.putObject("sweep");
            s.put("tasks", g.taskCount());
            var grid = s.putArray("grid");
            for (SweepGrid.Dimension d : g.dimensions()) {
                ObjectNode dim = grid.addObject();
                dim.put("name", d.name());
                if (d.range() != null) dim.put("range", d.range());
                var values = dim.putArray("values");
                if (d.values().size() <= 100) d.values().forEach(values::add);
            }
        });
        var readings = o.putArray("readings"); // issue 13: the choices an unsure message is answered with
        i.readings().forEach(r -> readings.addObject().put("action", r.action().wireName()).put("profile", r.profile())
            .put("jobId", r.jobId()));
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With LANG unset the JVM decodes argv as ASCII and Korean arrives as '?': say so instead of guessing. */
    private static void warnIfArgumentsWereMangled(String text, PrintStream err) {
        String enc = System.getProperty("sun.jnu.encoding", "UTF-8");
        boolean utf8 = enc.equalsIgnoreCase("UTF-8") || enc.equalsIgnoreCase("UTF8");
        if (text.indexOf('\uFFFD') >= 0 || !utf8 && text.indexOf('?') >= 0) {
            err.println("parse: " + Messages.get("intent.cli.mangledArguments", enc));
        }
    }
}
