package ptj.slurmrunner.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @TempDir Path dir;

    @Test
    void should_create_the_directory_and_replace_the_whole_file_leaving_no_temp_file() throws IOException {
        Path file = dir.resolve("state/pending-plans.json");
        StateFiles.writeAtomically(file, "{\"a\":1,\"long\":\"xxxxxxxxxxxx\"}".getBytes(StandardCharsets.UTF_8));
        StateFiles.writeAtomically(file, "{}".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(file), s.toList());
        }
    }

    @Test
    void should_keep_the_old_file_and_leave_no_temp_file_when_the_move_fails() throws IOException {
        Path file = dir.resolve("jobs.json");
        Files.createDirectories(file); // a directory that is not empty cannot be replaced by a file
        Files.writeString(file.resolve("keep"), "old");
        assertThrows(IOException.class, () -> StateFiles.writeAtomically(file, new byte[] {1, 2, 3}));
        assertEquals("old", Files.readString(file.resolve("keep")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
    }
}
