package ptj.slurmrunner.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.testing.DevProject;

/**
 * {@code doctor} against the real dev cluster (ssh, sinfo, sacctmgr, sshj) and WireMock standing in for the Slack Web
 * API and an OpenAI-compatible LLM: all green on a good set-up, and one ❌ line with its fix for each broken piece.
 */
class DoctorIT {
    static final Path REPO = Path.of("").toAbsolutePath();
    static final String ALL_SCOPES = "app_mentions:read,chat:write,commands,files:write,im:history,im:write";
    @TempDir Path proj;
    WireMockServer wm;
    Map<String, String> env;
    Map<String, String> conf;

    @BeforeEach
    void up() throws Exception {
        Path devConf = DevProject.devConf();
        conf = ClusterConf.keyValues(devConf);
        Files.createDirectories(proj.resolve("config"));
        Files.copy(REPO.resolve("config/slack-manifest.yml"), proj.resolve("config/slack-manifest.yml"));
        Files.copy(REPO.resolve("config/slack-manifest.http.yml"), proj.resolve("config/slack-manifest.http.yml"));
        Files.createDirectories(proj.resolve("slurm/profiles"));
        for (String p : List.of("backtest_v5", "optimizer_v5", "study_exit_params")) {
            Files.copy(REPO.resolve("slurm/profiles/" + p + ".conf"), proj.resolve("slurm/profiles/" + p + ".conf"));
        }
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
        authTest(ALL_SCOPES);
        env = new HashMap<>(Map.of("SLACK_BOT_TOKEN", "xoxb-doctor", "SLACK_SIGNING_SECRET", "s3cret",
            "SLACK_API_URL", wm.baseUrl() + "/api/", "CLUSTER_CONF", devConf.toString(),
            "SLURM_RUNNER_STATE_DIR", proj.resolve("state").toString()));
    }

    @AfterEach
    void down() {
        wm.stop();
    }

    void authTest(String scopes) {
        wm.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson(
            "{\"ok\":true,\"team\":\"ptj\",\"user\":\"slurm-runner\",\"team_id\":\"T1\",\"user_id\":\"UBOT\"}")
            .withHeader("x-oauth-scopes", scopes)));
    }

    record Run(int code, String out) {
        List<String> failed() {
            return out.lines().filter(l -> l.startsWith("❌")).toList();
        }
    }

    Run doctor() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = new Doctor(env, proj, new PrintStream(buf, true, StandardCharsets.UTF_8)).run();
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println("---- doctor (exit " + code + ")\n" + out);
        return new Run(code, out);
    }

    void assertOnlyFailure(Run r, String... mustContain) {
        assertEquals(1, r.code(), r.out());
        assertEquals(1, r.failed().size(), r.out());
        for (String s : mustContain) assertTrue(r.failed().get(0).contains(s), () -> s + " missing in\n" + r.out());
        assertTrue(r.failed().get(0).contains("→"), "every failure says what to do: " + r.failed().get(0));
    }

    @Test
    void should_pass_every_check_on_a_good_setup_and_exit_0() {
        Run r = doctor();
        assertEquals(0, r.code(), r.out());
        assertTrue(r.failed().isEmpty(), r.out());
        for (String s : List.of("Slack 봇 토큰", "Slack 권한", "SLACK_SIGNING_SECRET", "cluster.dev.conf", "ssh -G",
                "한 번의 왕복", "원격 디렉토리", "파티션: all", "Account: default", "컨테이너 이미지", "sshj",
                "규칙 파서만 사용", "상태 디렉토리")) {
            assertTrue(r.out().contains(s), () -> s + " missing in\n" + r.out());
        }
        assertTrue(!r.out().contains("xoxb-doctor") && !r.out().contains("s3cret"), "no secrets in the output");
    }

    @Test
    void should_name_a_bad_token() {
        wm.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson("{\"ok\":false,\"error\":\"invalid_auth\"}")));
        assertOnlyFailure(doctor(), "invalid_auth", "Bot User OAuth Token");
    }

    @Test
    void should_name_a_missing_scope_against_the_manifest() {
        authTest("app_mentions:read,chat:write,commands,im:history");
        assertOnlyFailure(doctor(), "files:write", "slack-manifest.http.yml", "Reinstall");
    }

    @Test
    void should_check_the_app_token_in_socket_mode() {
        env.remove("SLACK_SIGNING_SECRET");
        env.put("SLACK_APP_TOKEN", "xapp-doctor");
        wm.stubFor(post(urlPathEqualTo("/api/apps.connections.open")).willReturn(okJson(
            "{\"ok\":true,\"url\":\"wss://127.0.0.1:1/link\"}")));
        Run ok = doctor();
        assertEquals(0, ok.code(), ok.out());
        assertTrue(ok.out().contains("apps.connections.open"), ok.out());
        wm.stubFor(post(urlPathEqualTo("/api/apps.connections.open")).willReturn(okJson(
            "{\"ok\":false,\"error\":\"not_allowed_token_type\"}")));
        assertOnlyFailure(doctor(), "not_allowed_token_type", "SLACK_APP_TOKEN");
    }

    @Test
    void should_fail_on_a_wrong_slurm_host_and_skip_the_remote_checks() {
        env.put("SLURM_HOST", "no-such-login-node");
        Run r = doctor();
        assertEquals(1, r.code(), r.out());
        assertTrue(r.failed().get(0).contains("no-such-login-node") && r.failed().get(0).contains("ssh no-such-login-node true"),
            r.out());
        assertTrue(r.out().contains("⏭️"), r.out());
        assertEquals(1, r.failed().size(), "one cause, one ❌: " + r.out());
    }

    @Test
    void should_fail_on_an_unknown_host_key_with_the_keyscan_line() throws Exception {
        Path emptyKnown = Files.createFile(proj.resolve("known_hosts"));
        String cfg = Files.readString(Path.of(conf.get("SSH_CONFIG")))
            .replaceAll("UserKnownHostsFile .*", "UserKnownHostsFile " + emptyKnown);
        Path sshConfig = Files.writeString(proj.resolve("ssh_config"), cfg);
        env.put("SSH_CONFIG", sshConfig.toString());
        Run r = doctor();
        assertEquals(1, r.code(), r.out());
        String hostKeyLine = r.failed().stream().filter(l -> l.contains("sshj")).findFirst().orElseThrow(
            () -> new AssertionError(r.out()));
        assertTrue(hostKeyLine.contains("호스트 키를 모릅니다") && hostKeyLine.contains("ssh-keyscan -t ed25519 127.0.0.1 -p 2222 >> "
            + emptyKnown), hostKeyLine);
    }

    @Test
    void should_fail_on_a_partition_the_cluster_does_not_have() {
        env.put("PARTITION", "shared");
        assertOnlyFailure(doctor(), "shared", "있는 파티션: all", "PARTITION");
    }

    @Test
    void should_fail_on_an_account_the_user_does_not_have() {
        env.put("ACCOUNT", "taehyun");
        assertOnlyFailure(doctor(), "taehyun", "ACCOUNT");
    }

    @Test
    void should_fail_on_a_missing_image_when_the_runtime_is_pyxis() {
        env.put("CONTAINER_RUNTIME", "pyxis");
        env.put("CONTAINER_IMAGE", conf.get("REMOTE_DIR") + "/slurm/images/nope.sqsh");
        assertOnlyFailure(doctor(), "nope.sqsh", "make slurm-image-refresh");
    }

    @Test
    void should_fail_on_a_missing_remote_dir() {
        env.put("REMOTE_DIR", conf.get("REMOTE_DIR") + "-missing");
        assertOnlyFailure(doctor(), "-missing", "mkdir -p");
    }

    @Test
    void should_try_the_llm_with_a_tiny_request_and_fail_when_it_is_too_slow() {
        String answer = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"OK\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
        wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(okJson(answer)));
        env.put("LLM_BASE_URL", wm.baseUrl() + "/v1");
        env.put("LLM_API_KEY", "sk-doctor");
        env.put("LLM_MODEL", "tiny");
        env.put("LLM_TIMEOUT_SECONDS", "2");
        Run ok = doctor();
        assertEquals(0, ok.code(), ok.out());
        assertTrue(ok.out().contains("LLM: openai tiny"), ok.out());
        wm.stubFor(post(urlPathEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json").withBody(answer).withFixedDelay(4000)));
        assertOnlyFailure(doctor(), "제한 시간 2000 ms", "LLM_TIMEOUT_SECONDS");
    }

    @Test
    void should_fail_when_the_state_dir_cannot_be_written() throws Exception {
        Path file = Files.writeString(proj.resolve("not-a-dir"), "x");
        env.put("SLURM_RUNNER_STATE_DIR", file.toString());
        assertOnlyFailure(doctor(), "not-a-dir", "SLURM_RUNNER_STATE_DIR");
    }
}
