package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The "done when" on the dev cluster, through the console as users run it: "backtest_v5 seed 1부터 4까지
 * 돌려줘" → one confirmation with the grid → 예 → one array job → ONE notice when all four tasks ended (task 2 is made
 * to fail: the profile's SCRIPT_ARGS carry --fail-seed 3) → "결과 가져와" → the four tasks compared. Own temp
 * PROJECT_DIR and REMOTE_DIR; cancels only its own array.
 */
class SweepConsoleIT extends ConsoleOnDevCluster {
    SweepConsoleIT() {
        super("sweep-console-it");
    }

    @Test
    void should_run_a_four_task_sweep_with_one_notice_and_compare_the_tasks() throws Exception {
        Path conf = project.resolve("slurm/profiles/backtest_v5.conf");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(conf)) lines.add(l.startsWith("SCRIPT_ARGS=") ? l + " --fail-seed 3" : l);
        Files.write(conf, lines);
        Map<String, String> env = watchingConsoleEnv();
        String out = console(env, "backtest_v5 seed 1부터 4까지 돌려줘\n예\n");
        String arrayId = Files.readString(project.resolve("slurm/jobs/backtest_v5.jobid")).trim();
        assertTrue(arrayId.matches("[0-9]+"), arrayId);
        int card = out.indexOf("[Sweep 확인]");
        int submitted = out.indexOf("[Sweep 제출 완료]");
        assertTrue(card >= 0 && out.contains("Grid:       seed 1..4") && out.contains("총 4 × 20 CPU (80 CPU), 각 40G RAM"), out);
        assertTrue(out.contains("make slurm-sweep PROFILE=backtest_v5 SWEEP=seed=1..4 MAX_PARALLEL="), out);
        assertTrue(submitted > card, out);
        assertEquals(1, count(out, "🔔 [Sweep"), "one notice for the whole sweep: " + out);
        int end = out.indexOf("🔔 [Sweep 종료: 실패 Task 있음] backtest_v5 (Job " + arrayId + ", Task 4개)");
        assertTrue(end > submitted, out);
        assertTrue(out.contains("⏳ 0 · 🏃 0 · ✅ 3 · ❌ 1"), out);
        assertTrue(out.contains("❌ " + arrayId + "_2 FAILED"), "the failed task with its diagnosis: " + out);
        assertTrue(out.contains("효율 (모든 Task 합계)"), out);
        assertEquals(0, count(out, "🔔 [Job 완료]") + count(out, "🔔 [Job 종료"), "never one notice per task: " + out);

        String collected = console(env, "backtest_v5 결과 가져와\n");
        assertTrue(collected.contains("[결과 수집 완료]"), collected);
        int table = collected.indexOf("[Sweep 비교] backtest_v5 Job " + arrayId + " — sharpe 기준");
        assertTrue(table >= 0, collected);
        String[] rows = collected.substring(table).split("\n");
        // header, column names, three ranked tasks best first, then the failed one without a summary
        assertTrue(rows[2].trim().startsWith("1 "), collected);
        assertTrue(rows[5].contains(arrayId + "_2") && rows[5].contains("FAILED (결과 없음)"), collected);
        double prev = Double.MAX_VALUE;
        for (int i = 2; i <= 4; i++) {
            double sharpe = Double.parseDouble(rows[i].trim().split("\\s+")[4]);
            assertTrue(sharpe <= prev, "sorted best first: " + collected);
            prev = sharpe;
        }
        for (int i : new int[] {0, 1, 3}) {
            assertTrue(Files.exists(project.resolve("data/results/backtests/backtest_v5_" + arrayId + "_" + i + "_summary.json")));
        }
    }

    // ---- one task of a sweep from chat (issue 14): "ARRAYID_1 취소해줘" → 예 → that task CANCELLED, the others run on ----

    /** backtest_v5 with slow tasks that all fit at once (1 CPU each): a cancel lands while every task still runs. */
    private void slowSweepProfile(int sleepSeconds) throws IOException {
        Path conf = project.resolve("slurm/profiles/backtest_v5.conf");
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(conf)) {
            if (l.startsWith("SCRIPT_ARGS=")) l = l + " --sleep " + sleepSeconds;
            if (l.startsWith("CPUS=")) l = "CPUS=1";
            if (l.startsWith("MEM=")) l = "MEM=1G";
            lines.add(l);
        }
        Files.write(conf, lines);
    }

    private Map<String, String> quickEnv;

    /**
     * Submits "backtest_v5 seed 1부터 4까지" with tasks sleeping {@code sleepSeconds}; returns the array id. The console
     * hands its jobs on at end of input (wait 0): the test itself follows them with sacct.
     */
    private String submitSlowSweep(int sleepSeconds) throws Exception {
        slowSweepProfile(sleepSeconds);
        quickEnv = Map.of("CLUSTER_CONF", clusterConf().toString(),
            "SLURM_RUNNER_CONSOLE_WAIT", "0", "WATCH_MIN_INTERVAL", "1", "WATCH_MAX_INTERVAL", "3");
        String out = chat("backtest_v5 seed 1부터 4까지 돌려줘\n예\n");
        assertTrue(out.contains("[Sweep 제출 완료]"), out);
        String arrayId = Files.readString(project.resolve("slurm/jobs/backtest_v5.jobid")).trim();
        assertTrue(arrayId.matches("[0-9]+"), arrayId);
        assertTrue(out.contains("Task 하나 \"" + arrayId + "_N 취소\", Sweep 전체 \"" + arrayId + " 취소\""), out);
        return arrayId;
    }

    private String chat(String input) throws Exception {
        return console(quickEnv, input);
    }

    @Test
    void should_cancel_one_task_from_chat_while_the_others_complete() throws Exception {
        String arrayId = submitSlowSweep(45);
        String task = arrayId + "_1";

        String out = chat(task + " 취소해줘\n예\n");
        int ask = out.indexOf("작업 1개 (" + task + ")");
        assertTrue(ask >= 0 && out.contains("Sweep Job " + arrayId + " (backtest_v5)"), "the card says one task: " + out);
        assertTrue(!out.contains("스윕 전체"), out);
        assertTrue(out.contains("make slurm-cancel JOBID=" + task), out);
        int done = out.indexOf("[Job 취소 완료]");
        assertTrue(done > ask && out.substring(done).contains(task), out);

        // the three others run to COMPLETED (slurmdbd lags: poll, generously). The cancelled task ends CANCELLED —
        // or, cancelled while still pending inside the array's one record (here under a second after submit),
        // Slurm clears its bit and slurmdbd never gets a line of its own: then squeue must not know it either
        Map<String, String> states = awaitEnded(arrayId, Duration.ofMinutes(6), m -> {
            for (int i : new int[] {0, 2, 3}) if (!m.containsKey(arrayId + "_" + i)) return false;
            return m.keySet().stream().allMatch(k -> k.matches(arrayId + "_[0-9]+"));
        });
        if (states.containsKey(task)) assertTrue(states.get(task).startsWith("CANCELLED"), states.toString());
        else assertEquals("", squeue(task), "a cancelled task with no accounting line is gone from the queue too");
        for (int i : new int[] {0, 2, 3}) assertEquals("COMPLETED", states.get(arrayId + "_" + i), states.toString());

        // one task's log by its task id, the same way
        String log = chat(arrayId + "_2 로그 보여줘\n");
        assertTrue(log.contains("make slurm-log JOBID=" + arrayId + "_2") || log.contains(arrayId + "_2"), log);
        assertTrue(log.contains("sleeping 45"), "task 2's own log: " + log);
    }

    @Test
    void should_cancel_the_whole_sweep_by_its_array_id_and_say_so() throws Exception {
        String arrayId = submitSlowSweep(300);

        String out = chat(arrayId + " 취소해줘\n예\n");
        assertTrue(out.contains("Job " + arrayId + " (backtest_v5) — 스윕 전체(작업 4개)"), "the card says the whole sweep: " + out);
        assertTrue(out.contains("make slurm-cancel JOBID=" + arrayId + "\n") || out.contains("make slurm-cancel JOBID=" + arrayId + " "),
            out);
        assertTrue(out.contains("[Job 취소 완료]"), out);
        // tasks that had started end CANCELLED one by one; those still pending end as one line "ID_[1-3%10]"
        Map<String, String> states = awaitEnded(arrayId, Duration.ofMinutes(3), m -> true);
        states.forEach((id, st) -> assertTrue(st.startsWith("CANCELLED"), states.toString()));
    }

    /** sacct's lines for the array once there are some, all in an end state, and {@code enough} holds. */
    private static Map<String, String> awaitEnded(String arrayId, Duration within,
                                                  java.util.function.Predicate<Map<String, String>> enough) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        Map<String, String> states = Map.of();
        while (System.nanoTime() < until) {
            states = sacct(arrayId);
            if (!states.isEmpty() && states.values().stream().allMatch(SweepConsoleIT::ended) && enough.test(states)) {
                return states;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("tasks of " + arrayId + " did not all end within " + within + ": " + states);
    }

    private static boolean ended(String state) {
        return List.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL").stream()
            .anyMatch(state::startsWith);
    }

    private static Map<String, String> sacct(String arrayId) throws Exception {
        Process p = new ProcessBuilder("sacct", "-X", "-P", "-n", "-j", arrayId, "--format=JobID,State")
            .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return Map.of(); // a busy slurmdbd: next poll
        Map<String, String> states = new java.util.TreeMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\|");
            if (f.length == 2 && f[0].startsWith(arrayId + "_")) states.put(f[0], f[1]);
        }
        return states;
    }

    /** squeue's ids for {@code jobId} ("" when it has none; an error for an id it forgot is none too). */
    private static String squeue(String jobId) throws Exception {
        Process p = new ProcessBuilder("squeue", "-h", "-r", "-j", jobId, "-o", "%i").start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(60, TimeUnit.SECONDS);
        return p.exitValue() == 0 ? text : "";
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
