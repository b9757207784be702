package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.run.MakeResult;
import ptj.slurmrunner.run.Runner;

class MakeCollectorTest {
    final List<String> calls = new ArrayList<>();

    Runner answering(String json) {
        return (target, vars, progress) -> {
            calls.add(target + " " + new java.util.TreeMap<>(vars));
            try {
                return MakeResult.ofJson(new ObjectMapper().readTree(json));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    @Test
    void should_collect_through_make_with_profile_and_job_id() {
        CollectResult r = new MakeCollector(answering("{\"ok\":true,\"jobId\":\"12345\",\"state\":\"COMPLETED\","
                + "\"results\":[\"data/results/backtests/\"],\"logs\":[\"slurm/logs/12345.out\",\"slurm/logs/12345.err\"],"
                + "\"runDir\":\"runs/backtest_v5-20260224-143052\",\"removed\":true}"))
                .collect("backtest_v5", "12345");
        assertEquals(List.of("slurm-collect {JOBID=12345, PROFILE=backtest_v5}"), calls);
        assertTrue(r.ok());
        assertEquals(List.of("data/results/backtests/"), r.results());
        assertEquals("runs/backtest_v5-20260224-143052", r.runDir());
        assertTrue(r.removed());
    }

    @Test
    void should_pass_on_the_toolkits_refusal() {
        CollectResult r = new MakeCollector(answering("{\"ok\":false,\"error\":\"job_active\",\"state\":\"RUNNING\","
                + "\"message\":\"아직 RUNNING\"}")).collect("backtest_v5", "12345");
        assertFalse(r.ok());
        assertEquals("job_active", r.error());
        assertEquals("아직 RUNNING", r.message());
    }

    @Test
    void should_not_accept_ok_json_from_a_failed_make() {
        Runner r = (target, vars, progress) -> new MakeResult(List.of(), 2,
                new ObjectMapper().createObjectNode().put("ok", true), "", "", false, java.time.Duration.ZERO);
        assertFalse(new MakeCollector(r).collect("p", "1").ok());
    }
}
