package ptj.slurmrunner.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.messages.Messages;

/**
 * The diagnosis table: SLURM end state + exit code + log text (.err then .out) → one Korean cause and next step.
 * Rules are tried top to bottom; the first that matches wins. The order matters: a container that never started
 * explains everything after it, a kill for memory explains a missing traceback, a module that is missing is a
 * more useful answer than "python raised", and the SLURM state (timeout, node failure, cancel) is read before
 * the generic traceback because a traceback printed while being killed is a symptom, not the cause.
 * Summaries and hints live in messages/watch.properties under {@code watch.diag.<cause>.summary|hint}.
 */
public final class LogDiagnoser implements Diagnoser {

    /** How many log lines the unknown fallback quotes as evidence. */
    static final int TAIL_LINES = 10;

    private record Rule(String cause, Function<Input, Optional<List<String>>> match) {}

    private record Input(String state, String exitCode, String log, List<String> lines) {
        boolean stateIs(String s) {
            String up = state.toUpperCase(Locale.ROOT);
            return up.equals(s) || up.startsWith(s + " ") || up.startsWith(s + "+");
        }
    }

    private static final Pattern TRACEBACK_FRAME =
            Pattern.compile("^\\s*File \"([^\"]+)\", line (\\d+)(?:, in (.+))?\\s*$");
    private static final Pattern EXCEPTION_LINE =
            Pattern.compile("^([A-Za-z_][\\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Fault)|[A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
    private static final Pattern MODULE_NOT_FOUND =
            Pattern.compile("(?:ModuleNotFoundError|ImportError): No module named '([^'.]+)[^']*'");
    private static final Pattern CANCELLED_BY = Pattern.compile("(?i)^CANCELLED by (.+)$");
    private static final Pattern INVALID_PARTITION = Pattern.compile("(?i)invalid partition specified:?\\s*(\\S*)");
    /** Pyxis 0.24: "failed to create container filesystem for image: /…/x.sqsh" (then enroot's [ERROR] line). */
    private static final Pattern IMAGE_FS = Pattern.compile("failed to create container filesystem for image:\\s*(\\S+)");
    private static final Pattern MOUNT_SOURCE = Pattern.compile("source path does not exist:\\s*(\\S+)");
    /** slurmstepd's "execve(): python3.10: No such file or directory": the image has no such interpreter. */
    private static final Pattern NO_INTERPRETER = Pattern.compile("execve\\(\\): ([^:\\s]+): No such file or directory");

    private static final List<Rule> RULES = List.of(
            new Rule("completed", in -> in.stateIs("COMPLETED") && "0:0".equals(in.exitCode)
                    ? Optional.of(List.of()) : Optional.empty()),
            new Rule("container_registry_auth", in -> lines(in,
                    "(?i)^(?=.*(\\b401\\b|unauthori[sz]ed))(?=.*(pyxis|enroot|docker|registry|token|https?://)).*")),
            // Pyxis 0.24 names the image, then enroot's reason on the next line
            new Rule("container_image_missing", in -> imageFs(in, "No such file or directory")),
            new Rule("container_image_corrupt", in -> imageFs(in, "Invalid image format")),
            new Rule("container_no_space", in -> lines(in, "No space left on device")),
            new Rule("container_mount", in -> lines(in,
                    "source path does not exist|container was not started successfully")
                    .filter(ev -> MOUNT_SOURCE.matcher(in.log).find())),
            new Rule("container_import", in -> lines(in,
                    "pyxis: failed to import docker image|curl: \\(\\d+\\)")
                    .filter(ev -> in.log.contains("pyxis: failed to import docker image"))),
            // older Pyxis: "couldn't start container"; 0.24 ends every failure with the spank task_init line
            new Rule("container_start", in -> lines(in,
                    "couldn't start container|spank_pyxis\\.so: task_init\\(\\) failed")),
            new Rule("container_no_interpreter", in -> lines(in, NO_INTERPRETER.pattern())),
            // default.sbatch runs the image with --container-readonly: a write outside /workspace fails like this
            new Rule("container_readonly", in -> lines(in, "(?i)(\\[Errno 30\\] )?Read-only file system")),
            new Rule("invalid_partition", in -> lines(in, "(?i)invalid partition")),
            new Rule("invalid_account", in -> lines(in, "(?i)invalid account")),
            new Rule("module_not_found", LogDiagnoser::moduleNotFound),
            new Rule("out_of_memory", LogDiagnoser::outOfMemory),
            new Rule("timeout", in -> in.stateIs("TIMEOUT") ? Optional.of(cancelLine(in))
                    : lines(in, "DUE TO TIME LIMIT")),
            new Rule("node_fail", in -> in.stateIs("NODE_FAIL") ? Optional.of(cancelLine(in))
                    : lines(in, "DUE TO NODE FAIL")),
            new Rule("preempted", in -> in.stateIs("PREEMPTED") ? Optional.of(cancelLine(in))
                    : lines(in, "DUE TO PREEMPTION")),
            new Rule("cancelled", LogDiagnoser::cancelled),
            new Rule("python_exception", LogDiagnoser::pythonException),
            new Rule("unknown", in -> Optional.of(tail(in.lines, TAIL_LINES))));

    @Override
    public Diagnosis diagnose(String state, String exitCode, String logText) {
        String log = logText == null ? "" : logText;
        Input in = new Input(state == null ? "" : state.trim(), exitCode == null ? "" : exitCode.trim(),
                log, log.lines().toList());
        for (Rule rule : RULES) {
            Optional<List<String>> evidence = rule.match.apply(in);
            if (evidence.isPresent()) return build(rule.cause, in, evidence.get());
        }
        throw new IllegalStateException("the unknown rule always matches");
    }

    private static Diagnosis build(String cause, Input in, List<String> evidence) {
        String arg = switch (cause) {
            case "module_not_found" -> moduleName(in.log).orElse("?");
            case "cancelled" -> canceller(in).orElse(Messages.get("watch.diag.cancelled.someone"));
            case "invalid_partition" -> {
                Matcher m = INVALID_PARTITION.matcher(in.log);
                yield m.find() ? m.group(1) : "?";
            }
            case "container_image_missing", "container_image_corrupt" -> group(IMAGE_FS, in.log);
            case "container_mount" -> group(MOUNT_SOURCE, in.log);
            case "container_no_interpreter" -> group(NO_INTERPRETER, in.log);
            case "unknown" -> in.state.isEmpty() ? "?" : in.state + (in.exitCode.isEmpty() ? "" : " " + in.exitCode);
            default -> "";
        };
        return new Diagnosis(cause,
                Messages.get("watch.diag." + cause + ".summary", arg),
                Messages.get("watch.diag." + cause + ".hint", arg),
                evidence);
    }

    private static String group(Pattern p, String log) {
        Matcher m = p.matcher(log);
        return m.find() ? m.group(1) : "?";
    }

    // ---- rules ------------------------------------------------------------------------------------------

    /** Pyxis 0.24's image line together with enroot's {@code [ERROR] <reason>} line. */
    private static Optional<List<String>> imageFs(Input in, String reason) {
        if (!IMAGE_FS.matcher(in.log).find()) return Optional.empty();
        return lines(in, "\\[ERROR\\] " + Pattern.quote(reason)).map(err -> {
            List<String> ev = new ArrayList<>(lines(in, IMAGE_FS.pattern()).orElse(List.of()));
            ev.addAll(err);
            return ev;
        });
    }

    private static Optional<List<String>> lines(Input in, String regex) {
        Pattern p = Pattern.compile(regex);
        List<String> hits = in.lines.stream().filter(l -> p.matcher(l).find()).map(String::strip).distinct().toList();
        return hits.isEmpty() ? Optional.empty() : Optional.of(hits.subList(0, Math.min(3, hits.size())));
    }

    private static Optional<List<String>> moduleNotFound(Input in) {
        Matcher m = MODULE_NOT_FOUND.matcher(in.log);
        if (!m.find()) return Optional.empty();
        List<String> ev = new ArrayList<>();
        ev.add(m.group(0));
        userFrame(in.lines).ifPresent(ev::add);
        return Optional.of(ev);
    }

    private static Optional<String> moduleName(String log) {
        Matcher m = MODULE_NOT_FOUND.matcher(log);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Optional<List<String>> outOfMemory(Input in) {
        Optional<List<String>> logHit = lines(in,
                "(?i)(exceeded (job )?memory limit|oom-kill|out of memory|oom_kill|MemoryError)");
        if (in.stateIs("OUT_OF_MEMORY")) return Optional.of(logHit.orElse(List.of("State: OUT_OF_MEMORY")));
        return logHit;
    }

    private static List<String> cancelLine(Input in) {
        return lines(in, "CANCELLED AT").orElse(List.of("State: " + in.state));
    }

    private static Optional<List<String>> cancelled(Input in) {
        Optional<List<String>> atLine = lines(in, "CANCELLED AT");
        if (!in.stateIs("CANCELLED") && atLine.isEmpty()) return Optional.empty();
        List<String> ev = new ArrayList<>(atLine.orElse(List.of()));
        ev.add("State: " + in.state);
        return Optional.of(ev);
    }

    private static Optional<String> canceller(Input in) {
        Matcher m = CANCELLED_BY.matcher(in.state);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The exception line of the last traceback and the last frame in the user's own code. */
    private static Optional<List<String>> pythonException(Input in) {
        int start = -1;
        for (int i = 0; i < in.lines.size(); i++) {
            if (in.lines.get(i).contains("Traceback (most recent call last):")) start = i;
        }
        if (start < 0) return Optional.empty();
        String exception = null;
        for (int i = start + 1; i < in.lines.size(); i++) {
            String l = in.lines.get(i);
            if (l.isBlank() || Character.isWhitespace(l.charAt(0))) continue;
            if (EXCEPTION_LINE.matcher(l.strip()).matches()) { exception = l.strip(); break; }
        }
        if (exception == null) return Optional.empty();
        List<String> ev = new ArrayList<>();
        ev.add(exception);
        userFrame(in.lines.subList(start, in.lines.size())).ifPresent(ev::add);
        return Optional.of(ev);
    }

    /** {@code path:line (in func)} of the last traceback frame that is not in an installed library. */
    static Optional<String> userFrame(List<String> lines) {
        String found = null;
        for (String l : lines) {
            Matcher m = TRACEBACK_FRAME.matcher(l);
            if (!m.matches()) continue;
            String path = m.group(1);
            if (isLibrary(path)) continue;
            found = path + ":" + m.group(2) + (m.group(3) == null ? "" : " (" + m.group(3).strip() + ")");
        }
        return Optional.ofNullable(found);
    }

    private static boolean isLibrary(String path) {
        return path.contains("site-packages") || path.contains("dist-packages") || path.startsWith("<")
                || path.matches(".*/lib/python\\d+(\\.\\d+)?/.*");
    }

    private static List<String> tail(List<String> lines, int n) {
        List<String> nonBlank = lines.stream().filter(l -> !l.isBlank()).toList();
        return nonBlank.subList(Math.max(0, nonBlank.size() - n), nonBlank.size());
    }
}
