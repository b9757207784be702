package ptj.slurmrunner.bot;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.audit.AuditLog;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.RuleParser;
import ptj.slurmrunner.policy.FakeState;
import ptj.slurmrunner.policy.PlanStore;
import ptj.slurmrunner.policy.Policy;
import ptj.slurmrunner.report.Reports;

/**
 * The core as the button tests drive it: the rule parser, the real policy, plan store and reports over a scripted
 * make runner and a seeded project state, audited in the test's temp dir; {@code alice} asks.
 */
abstract class OnRulePipeline {
    @TempDir Path tmp;
    final PipelineTest.FakeRunner runner = new PipelineTest.FakeRunner();
    final FakeState state = FakeState.seed();
    final Origin alice = new Origin("U1", "C1", "1.0");
    AuditLog audit;
    Pipeline bot;

    /** The admin user ids the pipeline is given ("" for none). */
    String admins() {
        return "";
    }

    @BeforeEach
    void pipeline() {
        audit = new AuditLog(tmp.resolve("state/audit.jsonl"));
        bot = new Pipeline(new RuleParser(), new Policy(), () -> state, new PlanStore(), runner,
            new Reports(new LogDiagnoser()), audit, SubmittedJobs.NONE, admins(), tmp, Clock.systemUTC(), false);
    }
}
