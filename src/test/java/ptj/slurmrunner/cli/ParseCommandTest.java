package ptj.slurmrunner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN.md contract 1: one JSON object per line, null profile/jobId, exit 0 even for unknown, stdin batch. */
class ParseCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path project;
    Map<String, String> env;

    @BeforeEach
    void profiles() throws IOException {
        Path dir = Files.createDirectories(project.resolve("slurm/profiles"));
        Files.writeString(dir.resolve("backtest_v5.conf"), "SCRIPT=simulation/backtests/backtest_v5.py\nCPUS=20\n");
        Files.writeString(dir.resolve("study_exit_params.conf"), "SCRIPT=experiments/study_exit_params.py\n");
        env = Map.of("SLURM_RUNNER_PROJECT_DIR", project.toString());
    }

    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n", -1)).subList(0, out.split("\n", -1).length - 1);
        }
    }

    Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ParseCommand.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_print_one_json_line_with_the_contract_keys() throws IOException {
        Run r = run("", "backtest_v5 실행해줘");
        assertEquals(0, r.code());
        assertEquals(1, r.lines().size(), r.out());
        assertTrue(r.out().startsWith("{\"action\":\"run\",\"profile\":\"backtest_v5\",\"jobId\":null,"), r.out());
        JsonNode o = JSON.readTree(r.lines().get(0));
        assertEquals("sure", o.path("confidence").asText());
        assertTrue(o.path("dryRun").isBoolean());
        assertTrue(o.path("overrides").isObject());
    }

    @Test
    void should_exit_zero_with_nulls_for_an_unknown_message() throws IOException {
        Run r = run("", "점심", "뭐", "먹지");
        assertEquals(0, r.code());
        JsonNode o = JSON.readTree(r.lines().get(0));
        assertEquals("unknown", o.path("action").asText());
        assertTrue(o.path("profile").isNull());
        assertTrue(o.path("jobId").isNull());
        assertEquals("unsure", o.path("confidence").asText());
        assertTrue(o.path("question").asText().contains("도움말"));
    }

    @Test
    void should_map_a_script_path_and_carry_overrides_job_ids_and_flags() throws IOException {
        JsonNode run = JSON.readTree(run("", "experiments/study_exit_params.py CPU 40개로 실행 미리보기").lines().get(0));
        assertEquals("study_exit_params", run.path("profile").asText());
        assertEquals("40", run.path("overrides").path("CPUS").asText());
        assertTrue(run.path("dryRun").asBoolean());
        JsonNode cancel = JSON.readTree(run("", "12345 취소").lines().get(0));
        assertEquals("12345", cancel.path("jobId").asText());
        JsonNode bulk = JSON.readTree(run("", "모든 잡 취소").lines().get(0));
        assertEquals("cancel", bulk.path("action").asText());
        assertTrue(bulk.path("jobId").isNull());
        assertEquals("BULK", bulk.path("flags").get(0).asText());
    }

    @Test
    void should_read_one_message_per_stdin_line_and_answer_each_in_order() throws IOException {
        Run r = run("backtest_v5 실행해줘\n상태\n\n12345 취소\nbacktest_v5 로그\n");
        assertEquals(0, r.code());
        List<String> lines = r.lines();
        assertEquals(5, lines.size(), r.out());
        List<String> actions = lines.stream().map(l -> {
            try {
                return JSON.readTree(l).path("action").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("run", "status", "unknown", "cancel", "log"), actions);
        for (String l : lines) assertTrue(!l.contains("\n") && l.startsWith("{") && l.endsWith("}"), l);
    }

    @Test
    void should_print_utf8_even_when_lang_is_unset() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            "ptj.slurmrunner.Main", "parse");
        pb.environment().remove("LANG");
        pb.environment().remove("LC_ALL");
        pb.environment().remove("LC_CTYPE");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("SLURM_RUNNER_PROJECT_DIR", project.toString());
        pb.environment().remove("SLURM_RUNNER_LLM");
        pb.environment().remove("LLM_API_KEY");
        pb.environment().remove("LLM_BASE_URL");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.redirectInput(writeTemp("backtest_v5 CPU 40개로\n모든 잡 취소\n"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String text = new String(out, StandardCharsets.UTF_8);
        assertTrue(text.contains("backtest_v5 실행을 말씀하신 건가요?"), text);
        assertEquals(2, text.strip().split("\n").length, text);
    }

    File writeTemp(String text) throws IOException {
        Path f = project.resolve("stdin.txt");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f.toFile();
    }
}
