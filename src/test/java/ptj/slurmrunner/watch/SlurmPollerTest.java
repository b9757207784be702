package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlurmPollerTest {
    final FakeSlurm slurm = new FakeSlurm();

    @Test
    void should_send_exactly_the_batched_commands() throws Exception {
        slurm.add("1").state = "RUNNING";
        FakeSlurm.Job gone = slurm.add("2");
        gone.inQueue = false;
        gone.state = "COMPLETED";
        slurm.add("3").inQueue = false;
        new SlurmPoller(slurm).poll(List.of("1", "2", "3"));
        assertEquals(List.of("squeue --me -t all -h -o '%i|%T|%r|%N|%M|%S'",
                "sacct -P -n -j 2,3 --format=JobID,State,ExitCode,Elapsed,NodeList,TotalCPU,MaxRSS,ReqMem,AllocCPUS"),
                slurm.commands);
        slurm.commands.clear();
        new SlurmPoller(slurm, "taehyun").poll(List.of("1"));
        assertEquals(List.of("squeue -u taehyun -t all -h -o '%i|%T|%r|%N|%M|%S'"), slurm.commands);
    }

    @Test
    void should_refuse_anything_but_job_ids_before_running_a_command() {
        assertThrows(IllegalArgumentException.class, () -> new SlurmPoller(slurm).poll(List.of("1;rm -rf ~")));
        assertThrows(IllegalArgumentException.class, () -> new SlurmPoller(slurm, "x; id"));
        assertTrue(slurm.commands.isEmpty());
    }

    @Test
    void should_read_states_reasons_and_usage() throws Exception {
        FakeSlurm.Job pending = slurm.add("10");
        pending.reason = "Resources";
        FakeSlurm.Job done = slurm.add("11");
        done.inQueue = false;
        done.sacctLine = "11|COMPLETED|0:0|00:10:00|giganode-51|01:40:00||40G|20";
        done.batchLine = "11.batch|COMPLETED|0:0|00:10:00|giganode-51|01:40:00|3145728K||20";
        FakeSlurm.Job cancelled = slurm.add("12");
        cancelled.inQueue = false;
        cancelled.sacctLine = "12|CANCELLED by 1001|0:0|00:00:07|giganode-51|00:00:01||1000M|2";
        FakeSlurm.Job nowhere = slurm.add("13");
        nowhere.inQueue = false;
        nowhere.inAccounting = false;
        Map<String, JobSnapshot> s = new SlurmPoller(slurm).poll(List.of("10", "11", "12", "13"));
        assertEquals("PENDING", s.get("10").state());
        assertEquals("Resources", s.get("10").reason());
        assertEquals("COMPLETED", s.get("11").state());
        assertTrue(s.get("11").accounted());
        assertEquals(50.0, s.get("11").efficiency().cpuPercent(), 1e-9);
        assertEquals(3L << 30, s.get("11").efficiency().maxRssBytes());
        assertEquals(40L << 30, s.get("11").efficiency().reqMemBytes());
        assertEquals("CANCELLED", s.get("12").state());
        assertEquals("CANCELLED by 1001", s.get("12").rawState());
        assertNull(s.get("12").efficiency());
        assertEquals(JobSnapshot.UNKNOWN, s.get("13").state());
        assertFalse(s.get("13").ended());
    }

    @Test
    void should_wait_for_a_complete_accounting_record_before_concluding_a_job_ended() throws Exception {
        FakeSlurm.Job done = slurm.add("21");
        done.inQueue = false;
        // what slurmdbd answers for about a second after the end: ReqMem "16?", no partition/node yet
        done.sacctLine = "21|COMPLETED|0:0|00:00:05||00:00:04||16?|20";
        WatcherTest.MutableClock clock = new WatcherTest.MutableClock();
        SlurmPoller poller = new SlurmPoller(slurm, null, clock);
        assertEquals(JobSnapshot.UNKNOWN, poller.poll(List.of("21")).get("21").state());
        done.sacctLine = "21|COMPLETED|0:0|00:00:05|vm|00:00:04||40G|20";
        JobSnapshot s = poller.poll(List.of("21")).get("21");
        assertEquals("COMPLETED", s.state());
        assertEquals(40L << 30, s.efficiency().reqMemBytes());
        // a record that stays incomplete is taken as it is after a bounded number of polls
        FakeSlurm.Job odd = slurm.add("22");
        odd.inQueue = false;
        odd.sacctLine = "22|COMPLETED|0:0|00:00:05|vm|00:00:04||16?|20";
        for (int i = 0; i < SlurmPoller.MAX_INCOMPLETE; i++) {
            assertEquals(JobSnapshot.UNKNOWN, poller.poll(List.of("22")).get("22").state());
        }
        // polls come fast (0.7 s): within the watcher's accounting wait the record is still waited for
        clock.advance(Watcher.ACCOUNTING_WAIT.minusSeconds(1));
        assertEquals(JobSnapshot.UNKNOWN, poller.poll(List.of("22")).get("22").state());
        clock.advance(java.time.Duration.ofSeconds(1));
        assertEquals("COMPLETED", poller.poll(List.of("22")).get("22").state());
    }

    @Test
    void should_throw_not_conclude_when_sacct_fails() {
        FakeSlurm failing = new FakeSlurm() {
            @Override
            public Result exec(String command) throws java.io.IOException {
                if (command.startsWith("sacct")) {
                    return new Result(1, "", "sacct: error: Problem talking to the database: Connection refused");
                }
                return super.exec(command);
            }
        };
        failing.add("20").inQueue = false;
        SlurmPoller.QueryFailed e = assertThrows(SlurmPoller.QueryFailed.class,
                () -> new SlurmPoller(failing).poll(List.of("20")));
        assertTrue(e.getMessage().contains("Problem talking to the database"), e.getMessage());
    }
}
