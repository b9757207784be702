package ptj.slurmrunner.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.report.Messages;

/**
 * A first, small diagnosis for the pipeline's FAILED reports: out of memory, time limit, Python traceback (the
 * exception line and the last user frame), missing module, cancelled, node failure. The watcher may bring a
 * richer {@link Diagnoser}; this one keeps to what a log tail shows for sure.
 */
public final class BasicDiagnoser implements Diagnoser {
    private static final Pattern EXCEPTION = Pattern.compile("^([A-Za-z_][A-Za-z0-9_.]*(Error|Exception|Interrupt|Exit)):?\\s*(.*)$");
    private static final Pattern FRAME = Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+)");

    @Override
    public Diagnosis diagnose(String state, String exitCode, String logText) {
        String st = state == null ? "" : state;
        String text = logText == null ? "" : logText;
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (st.equals("OUT_OF_MEMORY") || lower.contains("exceeded memory limit") || lower.contains("oom-kill")
                || lower.contains("out of memory") || text.contains("MemoryError")) {
            return of("out_of_memory", evidence(text, "memory", "oom", "MemoryError"));
        }
        if (st.equals("TIMEOUT") || text.contains("DUE TO TIME LIMIT")) {
            return of("timeout", evidence(text, "TIME LIMIT"));
        }
        List<String> lines = text.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = EXCEPTION.matcher(lines.get(i).trim());
            if (!m.matches()) continue;
            String exception = lines.get(i).trim();
            String frame = null;
            for (int j = i - 1; j >= 0; j--) {
                Matcher f = FRAME.matcher(lines.get(j));
                if (f.find() && !f.group(1).contains("/site-packages/") && !f.group(1).startsWith("<")) {
                    frame = f.group(1) + ":" + f.group(2);
                    break;
                }
            }
            List<String> ev = new ArrayList<>();
            ev.add(exception);
            if (frame != null) ev.add(frame);
            if (m.group(1).endsWith("ModuleNotFoundError") || m.group(1).endsWith("ImportError")) {
                return new Diagnosis("module_not_found", Messages.get("core.diagnose.module_not_found", exception),
                    Messages.get("core.diagnose.module_not_found.hint"), ev);
            }
            return new Diagnosis("python_exception",
                Messages.get("core.diagnose.python_exception", exception, frame == null ? "?" : frame),
                Messages.get("core.diagnose.python_exception.hint"), ev);
        }
        if (st.startsWith("CANCELLED")) return of("cancelled", List.of());
        if (st.equals("NODE_FAIL")) return of("node_fail", List.of());
        return new Diagnosis("unknown", Messages.get("core.diagnose.unknown", st, exitCode == null ? "?" : exitCode),
            Messages.get("core.diagnose.unknown.hint"), List.of());
    }

    private static Diagnosis of(String cause, List<String> evidence) {
        return new Diagnosis(cause, Messages.get("core.diagnose." + cause), Messages.get("core.diagnose." + cause + ".hint"),
            evidence);
    }

    private static List<String> evidence(String text, String... needles) {
        List<String> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            for (String n : needles) {
                if (line.toLowerCase(java.util.Locale.ROOT).contains(n.toLowerCase(java.util.Locale.ROOT))) {
                    out.add(line.trim());
                    break;
                }
            }
            if (out.size() >= 3) break;
        }
        return out;
    }
}
