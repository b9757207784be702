package ptj.slurmrunner.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.bot.Bot;
import ptj.slurmrunner.bot.NoticeSink;
import ptj.slurmrunner.watch.Watcher;

/** The Slack pipeline gets a started watcher when the cluster is configured, and still works without one. */
class SlackCommandTest {
    @TempDir
    Path project;

    @Test
    void should_start_a_watcher_from_the_cluster_config() throws Exception {
        Files.createDirectories(project.resolve("config"));
        Files.writeString(project.resolve("config/cluster.conf"), "SLURM_HOST=nowhere-it\nREMOTE_DIR=/nowhere\n");
        AtomicReference<Watcher> w = new AtomicReference<>();
        NoticeSink sink = (o, r) -> { };
        Bot bot = SlackCommand.pipeline(project, Map.of(), sink, w);
        try {
            assertNotNull(bot);
            assertNotNull(w.get(), "watcher started: 풀런 goes through it");
        } finally {
            if (w.get() != null) w.get().close();
        }
    }

    @Test
    void should_run_without_a_watcher_when_the_cluster_is_not_configured() {
        AtomicReference<Watcher> w = new AtomicReference<>();
        Bot bot = SlackCommand.pipeline(project, Map.of(), (o, r) -> { }, w);
        assertNotNull(bot);
        assertNull(w.get());
    }
}
