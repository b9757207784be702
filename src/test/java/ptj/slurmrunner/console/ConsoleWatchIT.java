package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.cli.ConsoleCommand;

/**
 * The console command as wired for users (ConsoleCommand → ConsoleWatch → Watcher → sshj) against the dev cluster:
 * a job submitted in the session is followed and its notices are printed before the console exits. Own temp
 * PROJECT_DIR and REMOTE_DIR; cancels only its own job.
 */
class ConsoleWatchIT extends ConsoleOnDevCluster {
    ConsoleWatchIT() {
        super("console-watch-it");
    }

    @Test
    void should_print_the_watchers_completed_notice_before_the_console_exits() throws Exception {
        long t0 = System.nanoTime();
        String out = console(watchingConsoleEnv(), "backtest_v5 실행해줘\n예\n");
        System.out.println("console ran " + (System.nanoTime() - t0) / 1_000_000_000L + " s");
        String jobId = Files.readString(project.resolve("slurm/jobs/backtest_v5.jobid")).trim();
        int submitted = out.indexOf("[Job 제출 완료]");
        int completed = out.indexOf("🔔 [Job 완료] backtest_v5 (Job " + jobId + ")");
        assertTrue(submitted >= 0, out);
        assertTrue(completed > submitted, "the watcher's COMPLETED notice after the submit report: " + out);
        assertTrue(out.contains("효율") || out.contains("CPU"), "with its efficiency line: " + out);
        assertTrue(out.contains("(버튼 [결과 수집] = 입력: backtest_v5 결과 가져와)"), out);
        assertTrue(!out.contains("아직 끝나지 않았습니다"), "nothing left unfinished: " + out);
        String state = Files.readString(project.resolve("state/console/watch-jobs.json"));
        assertTrue(state.contains(jobId) && state.contains("END"), "persisted as notified: " + state);
    }
}
