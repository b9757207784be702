package ptj.slurmrunner.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Origin;
import ptj.slurmrunner.bot.Pipeline;
import ptj.slurmrunner.bot.SubmittedJobs;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.IntentParsers;
import ptj.slurmrunner.run.MakeRunner;
import ptj.slurmrunner.run.Timeouts;

/**
 * The console against the real dev cluster (scripts/dev-cluster.sh up, run here once): the rule parser, the policy,
 * the repo's make toolkit, ssh, sbatch. Each test has its own temp PROJECT_DIR and its own REMOTE_DIR under the dev
 * root, and cancels only the jobs it submitted. Prints the time from each message to its first reply.
 */
class ConsoleIT extends ConsoleOnDevCluster {
    /** The toolkit (Makefile + scripts/) to drive; -Dtoolkit.dir=… tries another checkout's toolkit. */
    private static final Path TOOLKIT = Path.of(System.getProperty("toolkit.dir", REPO.toString())).toAbsolutePath();

    ConsoleIT() {
        super("core-it");
    }

    @BeforeEach
    void slowProfile() throws IOException {
        // A job that stays RUNNING long enough to try collecting it.
        Files.createDirectories(project.resolve("it"));
        Files.writeString(project.resolve("it/slow_job.py"), "import time\nprint('slow job started', flush=True)\ntime.sleep(300)\n");
        Files.writeString(project.resolve("slurm/profiles/slow_it.conf"), String.join("\n",
            "DESCRIPTION=core IT: sleeps", "SCRIPT=it/slow_job.py", "SCRIPT_ARGS=", "CPUS=1", "MEM=100M",
            "TIME=00:10:00", "TEMPLATE=default", "CONTAINER=no", "CODE_FILES=it/", "RESULTS_PULL=data/results/it/", ""));
    }

    /** One console session over {@code lines}; returns the transcript and prints it with the first-reply times. */
    private String talk(String... lines) throws IOException {
        MakeRunner runner = new MakeRunner(project, TOOLKIT.resolve("Makefile"), List.of("make"),
            Map.of("CLUSTER_CONF", clusterConf().toString(), "WATCH_INTERVAL", "1",
                "WATCH_TIMEOUT", "240"), Timeouts.DEFAULT, Duration.ofSeconds(3));
        Pipeline bot = ConsoleApp.pipeline(runner, IntentParsers.fromEnvironment(project, Map.of()), new LogDiagnoser(),
            SubmittedJobs.NONE, Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleSession session = new ConsoleSession(bot, new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8), true, Origin.console());
        session.run();
        String out = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(out);
        List<Long> ms = session.firstReplyMillis();
        for (int i = 0; i < ms.size(); i++) {
            System.out.printf("first reply %5d ms  ← %s%n", ms.get(i), lines[i]);
            assertTrue(ms.get(i) < 15_000, "first reply within 15 s: " + lines[i]);
        }
        return out;
    }

    private String jobId(String profile) throws IOException {
        Path f = project.resolve("slurm/jobs/" + profile + ".jobid");
        String id = Files.exists(f) ? Files.readString(f).trim() : "";
        if (!id.isEmpty()) ourJobs.add(id);
        return id;
    }

    @Test
    void should_submit_on_yes_then_watch_log_and_collect_for_real() throws Exception {
        String out = talk("backtest_v5 실행해줘", "예", "상태 확인", "backtest_v5 대기해줘", "backtest_v5 로그", "결과 가져와");
        assertTrue(out.contains("[Profile 확인]"), out);
        assertTrue(out.contains("[Job 제출 완료]"), out);
        assertTrue(out.contains("[SLURM Status]"), out);
        assertTrue(out.contains("✅ Job "), out);
        assertTrue(out.contains("[로그] backtest_v5"), out);
        assertTrue(out.contains("(직전 대화의 Profile backtest_v5 기준)\n[결과 수집 완료]"), out);
        assertTrue(out.contains("삭제 완료"), out);
        try (Stream<Path> s = Files.list(project.resolve("data/results/backtests"))) {
            assertFalse(s.toList().isEmpty(), "results pulled to the local data/results/backtests/");
        }
        assertFalse(Files.exists(project.resolve("slurm/jobs/backtest_v5.rundir")), ".rundir removed by collect");
        try (Stream<Path> s = Files.list(remote.resolve("runs"))) {
            assertEquals(List.of(), s.toList(), "run dir deleted on the server");
        }
        assertTrue(Files.readString(project.resolve("state/audit.jsonl")).contains("\"result\":\"ok\""));
    }

    @Test
    void should_run_nothing_when_the_answer_is_no() throws Exception {
        String out = talk("optimizer_v5 실행해줘", "아니오");
        assertTrue(out.contains("진행할까요?"), out);
        assertTrue(out.contains("아무것도 실행하지 않았습니다"), out);
        assertFalse(Files.exists(project.resolve("slurm/jobs/optimizer_v5.jobid")));
        assertFalse(Files.exists(project.resolve("slurm/jobs/optimizer_v5.rundir")));
        try (Stream<Path> s = Files.list(remote.resolve("runs"))) {
            assertEquals(List.of(), s.toList(), "nothing pushed");
        }
    }

    @Test
    void should_refuse_collect_while_running_and_cancel_only_on_yes() throws Exception {
        String out = talk("slow_it 실행해줘", "예", "slow_it 결과 가져와");
        String id = jobId("slow_it");
        assertTrue(id.matches("[0-9]+"), out);
        assertTrue(out.contains("⚠️ Job " + id + " 아직 RUNNING. 완료 후 collect하세요.")
            || out.contains("⚠️ Job " + id + " 아직 PENDING. 완료 후 collect하세요."), out);
        assertTrue(out.contains("→ make slurm-watch PROFILE=slow_it 로 대기 가능"), out);
        assertTrue(Files.exists(project.resolve("slurm/jobs/slow_it.rundir")), "collect did not run");

        String bulk = talk("모든 잡 취소", id + " 취소해줘", "아니오");
        assertTrue(bulk.contains("일괄 취소는 절대 하지 않습니다"), bulk);
        assertTrue(bulk.contains("아무것도 실행하지 않았습니다"), bulk);
        assertTrue(Files.readString(project.resolve("state/audit.jsonl")).contains("\"decision\":\"no\""));

        String cancel = talk(id + " 취소해줘", "예");
        assertTrue(cancel.contains("[Job 취소 완료]"), cancel);
        assertTrue(cancel.contains("Job ID:  " + id), cancel);
    }
}
