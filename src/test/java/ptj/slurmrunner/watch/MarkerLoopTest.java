package ptj.slurmrunner.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote loop's command, run for real by local POSIX shells, and its line protocol. */
class MarkerLoopTest {
    @TempDir Path dir;

    @Test
    void should_parse_start_and_end_lines_and_refuse_malformed_keys() {
        MarkerLoop.Marker m = MarkerLoop.parse("812_3|start 1700000000 node-1.cluster|end 137 1700000042");
        assertEquals("812_3", m.key());
        assertEquals(1_700_000_000L, m.startEpoch());
        assertEquals("node-1.cluster", m.host());
        assertEquals(137, m.exitCode());
        assertTrue(m.ended());
        MarkerLoop.Marker half = MarkerLoop.parse("5|start 1700000000 n1|end 0 17000");
        assertTrue(half.ended());
        MarkerLoop.Marker torn = MarkerLoop.parse("5|start 1700000000 n1|end 0");
        assertFalse(torn.ended(), "a torn line is read whole in the next round");
        assertNull(MarkerLoop.parse("5;rm -rf /|start 1 n"));
        assertNull(MarkerLoop.parse("abc|start 1 n"));
    }

    @Test
    void should_keep_unsafe_run_dirs_out_of_the_command() {
        assertEquals(List.of("/mnt/giga/p/runs/a-20260224-143052"), MarkerLoop.safeDirs(List.of(
                "/mnt/giga/p/runs/a-20260224-143052", "/x/'; rm -rf ~; '", "/a/../etc", "relative/dir", "/a b")));
    }

    /** Runs the loop command under {@code shell} for real against a temp run dir. */
    private void protocolUnder(String shell) throws Exception {
        Path run = dir.resolve(shell.replace('/', '_') + "/runs/p-20260224-143052");
        Files.createDirectories(run.resolve(".slurm-runner"));
        Files.writeString(run.resolve(".slurm-runner/marker.41"), "start 1700000000 n1\nend 0 1700000009\n");
        String cmd = MarkerLoop.command(List.of(run.toString()), 1).replaceFirst("^exec sh ", "exec " + shell + " ");
        Process p = new ProcessBuilder("sh", "-c", cmd).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) lines.add(l);
            } catch (Exception ignored) {
                // process killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            List<String> got = new ArrayList<>();
            got.add(lines.poll(5, TimeUnit.SECONDS));
            assertTrue(got.get(0).matches("ready [0-9]+"), shell + ": " + got);
            assertEquals("m 41|start 1700000000 n1|end 0 1700000009", lines.poll(5, TimeUnit.SECONDS), shell);
            assertTrue(lines.poll(5, TimeUnit.SECONDS).matches("h [0-9]+"), shell);
            // a new marker (start only, no trailing newline yet), then its end appended
            Files.writeString(run.resolve(".slurm-runner/marker.42_7"), "start 1700000100 n2");
            String next = nextMarker(lines);
            assertEquals("m 42_7|start 1700000100 n2", next, shell);
            Files.writeString(run.resolve(".slurm-runner/marker.42_7"), "start 1700000100 n2\nend 143 1700000200\n");
            assertEquals("m 42_7|start 1700000100 n2|end 143 1700000200", nextMarker(lines), shell);
            // a file with a hostile name is never reported
            Files.writeString(run.resolve(".slurm-runner/marker.1;x"), "start 1 n\n");
            for (int i = 0; i < 2; i++) assertTrue(lines.poll(5, TimeUnit.SECONDS).startsWith("h "), shell + " unchanged → heartbeats only");
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String nextMarker(BlockingQueue<String> lines) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            String l = lines.poll(5, TimeUnit.SECONDS);
            if (l != null && l.startsWith("m ")) return l;
        }
        return null;
    }

    @Test
    void should_speak_the_protocol_under_sh() throws Exception {
        protocolUnder("sh");
    }

    @Test
    void should_speak_the_protocol_under_dash_and_busybox_when_present() throws Exception {
        for (String shell : new String[] {"/bin/dash", "/bin/busybox sh", "/usr/bin/busybox sh", "/bin/bash --posix"}) {
            if (Files.isExecutable(Path.of(shell.split(" ")[0]))) protocolUnder(shell);
        }
    }

    @Test
    void should_die_when_nobody_reads_its_heartbeats() throws Exception {
        Path run = dir.resolve("runs/q-20260224-143052");
        Files.createDirectories(run);
        Process p = new ProcessBuilder("sh", "-c", MarkerLoop.command(List.of(run.toString()), 1)).start();
        p.getInputStream().read(new byte[64]);
        p.getInputStream().close(); // the ssh channel is gone: the next heartbeat meets a closed pipe
        assertTrue(p.waitFor(5, TimeUnit.SECONDS), "the loop ends by itself");
    }
}
