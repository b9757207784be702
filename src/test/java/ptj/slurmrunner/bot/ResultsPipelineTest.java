package ptj.slurmrunner.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;
import ptj.slurmrunner.results.CompareReport;
import ptj.slurmrunner.results.ResultReport;
import ptj.slurmrunner.results.Results;

/** collect → a result report after the collect report; "지난번이랑 비교해줘" → the compare table, through the real parser and policy. */
class ResultsPipelineTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path proj;
    final PipelineTest.FakeRunner runner = new PipelineTest.FakeRunner();
    final FakeState state = FakeState.seed();
    final Origin alice = new Origin("U1", "C1", "1.0");
    Pipeline bot;

    static final class Sink implements ReplySink {
        final List<Reply> shown = new ArrayList<>();
        final List<ResultReport> results = new ArrayList<>();
        final List<CompareReport> compares = new ArrayList<>();

        @Override
        public void show(Reply reply) {
            shown.add(reply);
        }

        @Override
        public void result(ResultReport r) {
            results.add(r);
        }

        @Override
        public void compare(CompareReport c) {
            compares.add(c);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(proj.resolve("slurm/profiles"));
        Files.copy(Path.of("slurm/profiles/backtest_v5.conf"), proj.resolve("slurm/profiles/backtest_v5.conf"));
        bot = new Pipeline(new RuleParser(), new Policy(), () -> state, new PlanStore(), runner,
            new Reports(new LogDiagnoser()), new AuditLog(proj.resolve("state/audit.jsonl")), SubmittedJobs.NONE, "",
            proj, Clock.systemUTC(), false, Results.forProject(proj, proj.resolve("state")));
    }

    void collected(String job, double sharpe, double totalReturn) throws Exception {
        Path d = Files.createDirectories(proj.resolve("data/results/backtests"));
        Files.writeString(d.resolve("backtest_v5_" + job + "_summary.json"),
            "{\"trades\":66,\"totalReturn\":" + totalReturn + ",\"sharpe\":" + sharpe + ",\"job\":\"" + job + "\"}");
        Files.writeString(d.resolve("backtest_v5_" + job + "_trades.csv"), "exit,cumReturn\n2020-01-02,0.01\n2020-01-03,0.02\n");
        state.jobIds.put("backtest_v5", job);
        state.states.put(job, "COMPLETED");
        runner.answers.put("slurm-collect", (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
            "{\"ok\":true,\"profile\":\"backtest_v5\",\"jobId\":\"" + job + "\",\"state\":\"COMPLETED\","
                + "\"results\":[\"data/results/backtests/\"],\"logs\":[],\"runDir\":null,\"removed\":false}"));
    }

    @Test
    void should_follow_a_collect_with_the_jobs_result_report() throws Exception {
        collected("12345", 0.8921, 0.369653);
        Sink sink = new Sink();
        bot.onMessage(alice, "backtest_v5 결과 가져와", sink);
        assertEquals(1, sink.results.size(), sink.shown.toString());
        ResultReport r = sink.results.get(0);
        assertEquals("12345", r.jobId());
        assertEquals("sharpe", r.metrics().get(0).key());
        assertTrue(r.metrics().stream().anyMatch(m -> m.key().equals("totalReturn") && m.value().equals("0.37")));
        assertNotNull(r.chart());

        collected("12346", 1.1, 0.30);
        Sink next = new Sink();
        bot.onMessage(alice, "backtest_v5 결과 가져와", next);
        assertEquals("▲ +0.208", next.results.get(0).metrics().get(0).diff());

        Sink cmp = new Sink();
        bot.onMessage(alice, "지난번이랑 비교해줘", cmp); // the profile comes from the conversation
        assertEquals(1, cmp.compares.size(), cmp.shown.toString());
        assertEquals(List.of("12345", "12346"), cmp.compares.get(0).rows().stream().map(CompareReport.Row::jobId).toList());
        assertTrue(runner.calls.stream().noneMatch(c -> c.contains("compare")), "compare runs no make target");
    }

    @Test
    void should_report_results_after_a_full_run_that_collected_itself() throws Exception {
        collected("12349", 1.2, 0.5);
        state.jobIds.remove("backtest_v5"); // nothing running: 풀런 may start
        runner.answers.put("slurm-full", runner.answers.get("slurm-collect"));
        Sink ask = new Sink();
        bot.onMessage(alice, "backtest_v5 풀런", ask);
        Reply question = ask.shown.get(ask.shown.size() - 1);
        assertEquals(2, question.choices().size(), question.text());
        Sink done = new Sink();
        bot.onChoice(alice, question.choices().get(0).id(), done);
        assertTrue(runner.calls.stream().anyMatch(c -> c.startsWith("slurm-full")), runner.calls.toString());
        assertEquals(1, done.results.size(), done.shown.toString());
        assertEquals("12349", done.results.get(0).jobId());
    }

    @Test
    void should_not_report_results_of_a_dry_run_or_a_refused_collect() throws Exception {
        collected("12347", 1.0, 0.1);
        state.states.put("12347", "RUNNING");
        Sink sink = new Sink();
        bot.onMessage(alice, "backtest_v5 결과 가져와", sink);
        assertTrue(sink.results.isEmpty(), "a running job is not collected: " + sink.shown);
    }

    @Test
    void should_print_results_as_text_on_a_plain_sink() throws Exception {
        collected("12348", 1.0, 0.1);
        List<Reply> shown = new ArrayList<>();
        bot.onMessage(alice, "backtest_v5 결과 가져와", shown::add);
        String all = shown.stream().map(Reply::text).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(all.contains("[결과] backtest_v5 — Job 12348") && all.contains("sharpe"), all);
    }
}
