package ptj.slurmrunner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.messages.Messages;

/**
 * {@code make -C <projectDir> slurm-<action> VAR=value… OUTPUT=json} through ProcessBuilder: an argv, never a shell.
 * Every variable is checked again against the contract forms (make expands {@code $(shell …)} in command-line
 * values, so a bad value must not reach it); only targets of the {@link Action} vocabulary may run. Targets that
 * change things run one at a time per profile; a second one for the same profile waits briefly, then gets "busy".
 * stdout and stderr are read concurrently in UTF-8; on timeout the process's descendants are killed, then it.
 */
public final class MakeRunner implements Runner {
    private static final Logger log = LoggerFactory.getLogger(MakeRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Read-only targets never take the per-profile lock, so "로그" works while "대기" waits. */
    private static final Set<String> READ_ONLY = Set.of("slurm-status", "slurm-log", "slurm-show", "slurm-profiles",
        "slurm-watch", "slurm-image-status");
    private static final Set<String> ALLOWED_TARGETS = Arrays.stream(Action.values())
        .map(Action::makeTarget).flatMap(Optional::stream).collect(Collectors.toUnmodifiableSet());

    private final Path projectDir;
    private final Path makefile;
    private final List<String> make;
    private final Map<String, String> env;
    private final Timeouts timeouts;
    private final Duration lockWait;
    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();

    /**
     * @param makefile the toolkit's Makefile when it is not {@code projectDir/Makefile} (tests: a temp project with
     *                 the repo's toolkit), else null
     * @param make     the make command (normally {@code List.of("make")}; tests pass a fake script)
     * @param env      extra environment for the child (CLUSTER_CONF, REMOTE_DIR… in tests); LANG is always C.UTF-8
     * @param lockWait how long a second request for the same profile waits before it is told "busy"
     */
    public MakeRunner(Path projectDir, Path makefile, List<String> make, Map<String, String> env, Timeouts timeouts,
                      Duration lockWait) {
        this.projectDir = projectDir;
        this.makefile = makefile;
        this.make = List.copyOf(make);
        this.env = Map.copyOf(env);
        this.timeouts = timeouts;
        this.lockWait = lockWait;
    }

    /** The toolkit's Makefile is {@code projectDir/Makefile} (the usual checkout). */
    public MakeRunner(Path projectDir, List<String> make, Map<String, String> env, Timeouts timeouts, Duration lockWait) {
        this(projectDir, null, make, env, timeouts, lockWait);
    }

    public MakeRunner(Path projectDir) {
        this(projectDir, null, List.of("make"), Map.of(), Timeouts.DEFAULT, Duration.ofSeconds(3));
    }

    public Path projectDir() {
        return projectDir;
    }

    /** The argv for a target, or empty when the target or a variable is not allowed. */
    public List<String> command(String target, Map<String, String> vars) {
        List<String> cmd = new ArrayList<>(make);
        // -C alone makes GNU make print "Leaving directory" after the JSON line; keep stdout's last line the JSON.
        cmd.add("-s");
        cmd.add("--no-print-directory");
        if (makefile != null) {
            cmd.add("-f");
            cmd.add(makefile.toString());
        }
        cmd.add("-C");
        cmd.add(projectDir.toString());
        cmd.add(target);
        vars.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.add("OUTPUT=json");
        return cmd;
    }

    @Override
    public MakeResult run(String target, Map<String, String> vars, Consumer<String> progress) {
        long t0 = System.nanoTime();
        if (!ALLOWED_TARGETS.contains(target)) {
            return MakeResult.synthetic(List.of(), "not_allowed", Messages.get("core.run.not_allowed", target),
                "", "", false, Duration.ZERO);
        }
        for (Map.Entry<String, String> e : vars.entrySet()) {
            if (e.getKey().equals("OUTPUT") || !MakeVariables.valid(e.getKey(), e.getValue())) {
                return MakeResult.synthetic(List.of(), "invalid_variable",
                    Messages.get("core.run.invalid_variable", e.getKey()), "", "", false, Duration.ZERO);
            }
        }
        List<String> cmd = command(target, vars);
        String lockKey = lockKey(target, vars);
        Semaphore lock = lockKey == null ? null : locks.computeIfAbsent(lockKey, k -> new Semaphore(1));
        try {
            if (lock != null && !lock.tryAcquire(lockWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return MakeResult.synthetic(cmd, "busy", Messages.get("core.run.busy", lockKey), "", "", false,
                    Duration.ofNanos(System.nanoTime() - t0));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return MakeResult.synthetic(cmd, "internal", null, "", "", false, Duration.ZERO);
        }
        try {
            return execute(cmd, timeouts.forTarget(target), progress, t0);
        } finally {
            if (lock != null) lock.release();
        }
    }

    private static String lockKey(String target, Map<String, String> vars) {
        if (READ_ONLY.contains(target)) return null;
        if (vars.containsKey("PROFILE")) return vars.get("PROFILE");
        if (target.startsWith("slurm-image-")) return "image";
        return target; // clean, cancel: one at a time each
    }

    private MakeResult execute(List<String> cmd, Duration timeout, Consumer<String> progress, long t0) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(projectDir.toFile());
        // The runner's project dir is the truth: a PROJECT_DIR inherited from an outer make (`make console`,
        // `make test`) would otherwise win over -C in the Makefile's `PROJECT_DIR ?=` and send results, .jobid
        // and .rundir files to that other project.
        pb.environment().put("PROJECT_DIR", projectDir.toString());
        pb.environment().putAll(env);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        log.debug("make {}", String.join(" ", cmd.subList(make.size(), cmd.size())));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return MakeResult.synthetic(cmd, "internal", Messages.get("core.run.start_failed", cmd.get(0)), "", "",
                false, Duration.ofNanos(System.nanoTime() - t0));
        }
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Thread outReader = pump(p.getInputStream(), out, progress, "make-stdout");
        Thread errReader = pump(p.getErrorStream(), err, progress, "make-stderr");
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        join(outReader);
        join(errReader);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        String stdout;
        String stderr;
        synchronized (out) {
            stdout = out.toString();
        }
        synchronized (err) {
            stderr = err.toString();
        }
        if (!finished) {
            return MakeResult.synthetic(cmd, "timeout", Messages.get("core.run.timeout", timeout.toSeconds()),
                stdout, stderr, true, elapsed);
        }
        JsonNode json = lastJson(stdout);
        if (json == null) {
            return MakeResult.synthetic(cmd, "internal", Messages.get("core.run.no_json", p.exitValue()), stdout,
                stderr, false, elapsed);
        }
        return new MakeResult(cmd, p.exitValue(), json, stdout, stderr, false, elapsed);
    }

    static JsonNode lastJson(String stdout) {
        String[] lines = stdout.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].trim();
            if (l.isEmpty()) continue;
            if (!l.startsWith("{")) return null;
            try {
                JsonNode n = JSON.readTree(l);
                return n != null && n.isObject() ? n : null;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static Thread pump(InputStream in, StringBuilder sink, Consumer<String> progress, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                    try {
                        progress.accept(line);
                    } catch (RuntimeException e) {
                        log.warn("progress callback failed: {}", e.toString());
                    }
                }
            } catch (IOException e) {
                // The process was killed or closed its pipe; what was read so far is kept.
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
