package ptj.slurmrunner.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.intent.RuleParser;

/**
 * 10,000 seeded hostile messages through the rule parser, the real policy and pipeline, with a recording runner and
 * attacker/requester clicks. Invariants: only allowlisted targets, only valid variables, nothing destructive without
 * the requester's own click, no exception and no stack trace in any reply.
 */
class HostileInputTest {
    static final int MESSAGES = 10_000;

    @TempDir
    Path tmp;

    @Test
    void should_keep_every_invariant_for_10000_hostile_messages() {
        HostileHarness h = new HostileHarness(new RuleParser(), tmp, 20261126L);
        for (String m : new HostileMessages(20261126L).take(MESSAGES)) h.drive(m);
        report(h);
        assertTrue(h.violations.isEmpty(), h.violations.size() + " violations, first: "
            + h.violations.stream().limit(15).collect(Collectors.joining("\n  ", "\n  ", "")));
        // the suite must actually exercise the dangerous paths, or it proves nothing
        Set<String> targets = h.calls().stream().map(HostileHarness.Call::target).collect(Collectors.toSet());
        assertTrue(h.choicesOffered > 100, "confirmations offered: " + h.choicesOffered);
        assertTrue(targets.size() >= 5, "targets reached: " + targets);
    }

    @Test
    void should_flag_what_the_invariants_forbid() {
        // the checks themselves must be able to fail
        HostileHarness h = new HostileHarness(new RuleParser(), tmp, 1L);
        h.runDirectly("slurm-clean", Map.of("CONFIRM", "yes"));
        h.runDirectly("slurm-rm", Map.of());
        h.runDirectly("slurm-status", Map.of("MEM", "$(id)"));
        assertEquals(3, h.violations.size(), String.join("\n", h.violations));
    }

    static void report(HostileHarness h) {
        System.out.printf("HOSTILE messages=%d confirmations=%d ownerClicks=%d makeCalls=%d violations=%d targets=%s%n",
            h.messages, h.choicesOffered, h.ownerClicks, h.calls().size(), h.violations.size(),
            h.calls().stream().collect(Collectors.groupingBy(HostileHarness.Call::target, Collectors.counting())));
    }
}
