package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
