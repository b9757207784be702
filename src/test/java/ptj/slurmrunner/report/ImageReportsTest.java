package ptj.slurmrunner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ptj.slurmrunner.bot.Reply;
import ptj.slurmrunner.diagnose.LogDiagnoser;
import ptj.slurmrunner.intent.Action;
import ptj.slurmrunner.policy.Plan;
import ptj.slurmrunner.run.MakeResult;

/** The image reports from JSON shaped like scripts/slurm/actions/image-status.sh / image-install output. */
class ImageReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Reports reports = new Reports(new LogDiagnoser());

    private Reply report(Action a, String json) throws Exception {
        JsonNode j = JSON.readTree(json);
        Map<String, String> vars = new LinkedHashMap<>();
        Plan p = new Plan(a, a.makeTarget().orElse(null), vars, false, null, false, null, null, List.of(), List.of(),
            Plan.Basis.NONE);
        return reports.result(p, MakeResult.ofJson(j), List.of("backtest_v5"), "/tmp/p");
    }

    @Test
    void should_warn_with_the_differing_lines_when_the_image_is_stale() throws Exception {
        Reply r = report(Action.IMAGE_STATUS, """
            {"ok":true,"image":"/mnt/giga/project/ptj_stock_lab/slurm/images/ptj_stock_lab.sqsh","exists":true,
             "size":1610612736,"modified":"2026-02-24T05:34:37Z","sha256":"0b8e623bd3b70934935ae72e3d1efb9d",
             "stale":true,"staleReason":"requirements_changed",
             "requirementsDiff":["+lightgbm==4.5.0","+pandas==2.2.2","-pandas==2.2.3"]}""");
        assertEquals(Reply.Tone.WARNING, r.tone());
        assertTrue(r.text().contains("1.5 GB"), r.text());
        assertTrue(r.text().contains("0b8e623bd3b7…"), r.text());
        assertTrue(r.text().contains("이미지가 오래되었습니다"), r.text());
        assertTrue(r.text().contains("+ lightgbm==4.5.0 (requirements-slurm.txt 에만 있음)"), r.text());
        assertTrue(r.text().contains("- pandas==2.2.3 (이미지에만 있음)"), r.text());
        assertTrue(r.text().contains("make slurm-image-refresh"), r.text());
    }

    @Test
    void should_say_fresh_without_a_refresh_hint() throws Exception {
        Reply r = report(Action.IMAGE_STATUS, """
            {"ok":true,"image":"/x/ptj_stock_lab.sqsh","exists":true,"size":10240,"modified":"2026-02-24T05:34:37Z",
             "sha256":"abc","stale":false,"requirementsDiff":[]}""");
        assertEquals(Reply.Tone.INFO, r.tone());
        assertTrue(r.text().contains("최신"), r.text());
        assertTrue(r.text().contains("10.0 KB"), r.text());
        assertFalse(r.text().contains("refresh"), r.text());
    }

    @Test
    void should_point_to_refresh_when_the_image_is_missing() throws Exception {
        Reply r = report(Action.IMAGE_STATUS, """
            {"ok":true,"image":"/x/ptj_stock_lab.sqsh","exists":false,"size":null,"modified":null,"sha256":null,
             "stale":true,"staleReason":"missing","requirementsDiff":[]}""");
        assertEquals(Reply.Tone.WARNING, r.tone());
        assertTrue(r.text().contains("이미지가 없습니다: /x/ptj_stock_lab.sqsh"), r.text());
        assertTrue(r.text().contains("make slurm-image-refresh"), r.text());
    }

    @Test
    void should_report_the_install_with_its_backup() throws Exception {
        Reply r = report(Action.IMAGE_REFRESH, """
            {"ok":true,"image":"/x/ptj_stock_lab.sqsh","size":2048,"sha256":"0123456789abcdef",
             "previous":"/x/ptj_stock_lab.sqsh.prev","scratchRemoved":true}""");
        assertEquals(Reply.Tone.SUCCESS, r.tone());
        assertTrue(r.text().startsWith("✅ slurm-image-refresh 완료: /x/ptj_stock_lab.sqsh"), r.text());
        assertTrue(r.text().contains("2.0 KB"), r.text());
        assertTrue(r.text().contains("0123456789ab…"), r.text());
        assertTrue(r.text().contains("이전 이미지 백업: /x/ptj_stock_lab.sqsh.prev"), r.text());
        Reply first = report(Action.IMAGE_REFRESH, """
            {"ok":true,"image":"/x/ptj_stock_lab.sqsh","size":2048,"sha256":"01","previous":null}""");
        assertTrue(first.text().contains("이전 이미지 없음"), first.text());
    }

    @Test
    void should_explain_a_failed_refresh_with_the_toolkit_message_and_hint() throws Exception {
        Reply r = report(Action.IMAGE_REFRESH, """
            {"ok":false,"error":"enroot_missing","message":"서버(gigaflops-node54)에 enroot 가 없습니다",
             "hint":"→ Pyxis/enroot 가 설치된 로그인 노드인지 확인하세요"}""");
        assertTrue(r.text().contains("enroot 가 없습니다"), r.text());
        assertTrue(r.text().contains("\n→ "), r.text());   // core's hint for the code, else the toolkit's
    }
}
