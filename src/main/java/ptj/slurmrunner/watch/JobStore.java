package ptj.slurmrunner.watch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ptj.slurmrunner.config.StateFiles;

/**
 * The watcher's memory across restarts: {@code <stateDir>/watch-jobs.json}. Written whole on every change to a
 * temp file in the same directory, flushed, then renamed over the old one, so a kill at any moment leaves either
 * the old or the new file, never half of one.
 */
final class JobStore {
    static final String FILE = "watch-jobs.json";

    @JsonIgnoreProperties(ignoreUnknown = true)
    static final class Content {
        public int version = 1;
        public boolean outageNotified;
        public List<TrackedJob> jobs = new ArrayList<>();
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    JobStore(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    Content load() throws IOException {
        if (!Files.exists(file)) return new Content();
        return json.readValue(file.toFile(), Content.class);
    }

    void save(Content content) throws IOException {
        StateFiles.writeAtomically(file, json.writeValueAsBytes(content));
    }
}
