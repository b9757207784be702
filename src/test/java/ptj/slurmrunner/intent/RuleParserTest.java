package ptj.slurmrunner.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ptj.slurmrunner.config.ProfileCatalog;
import ptj.slurmrunner.intent.Intent.Flag;

/**
 * Runs the rule parser over src/test/resources/intent/utterances.tsv (text, action, profile, jobId, sure|unsure,
 * extras). A row matches when action, profile, job id, confidence, overrides and dry run are exactly as expected and
 * every listed flag is set. Rows marked {@code safety} must all match; the rest must reach {@link #MIN_ACCURACY}.
 * The accuracy, the share left UNSURE (what the LLM would see) and the parse time are printed and written to
 * target/intent-accuracy.txt.
 */
class RuleParserTest {
    static final double MIN_ACCURACY = 0.95;
    static final double MIN_HOLDOUT_ACCURACY = 0.80;

    @TempDir
    static Path tmp;
    static ProfileCatalog catalog;
    static RuleParser parser;
    static List<String> names;

    record Row(int line, String text, String action, String profile, String jobId, boolean sure,
               Map<String, String> overrides, boolean dry, Set<Flag> flags, boolean safety) {}

    @BeforeAll
    static void setUp() throws IOException {
        catalog = new ProfileCatalog(TestProfiles.projectWithExampleProfiles(tmp));
        parser = new RuleParser(catalog::list);
        names = catalog.names();
    }

    static List<Row> rows() throws IOException {
        return rows("/intent/utterances.tsv");
    }

    static List<Row> rows(String resource) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = RuleParserTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " on the test classpath");
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t", -1);
                assertEquals(6, f.length, "line " + (i + 1) + " needs 6 tab-separated columns: " + line);
                Map<String, String> ov = new TreeMap<>();
                Set<Flag> flags = EnumSet.noneOf(Flag.class);
                boolean dry = false;
                boolean safety = false;
                for (String x : f[5].trim().split("\\s+")) {
                    if (x.isEmpty()) continue;
                    if (x.equals("dry")) dry = true;
                    else if (x.equals("safety")) safety = true;
                    else if (x.startsWith("flag:")) flags.add(Flag.valueOf(x.substring(5)));
                    else if (x.contains("=")) ov.put(x.substring(0, x.indexOf('=')), x.substring(x.indexOf('=') + 1));
                    else fail("line " + (i + 1) + ": unknown expectation " + x);
                }
                assertTrue(f[4].equals("sure") || f[4].equals("unsure"), "line " + (i + 1) + " conf column");
                rows.add(new Row(i + 1, f[0], f[1], dash(f[2]), dash(f[3]), f[4].equals("sure"), ov, dry, flags,
                    safety));
            }
        }
        return rows;
    }

    static String dash(String s) {
        return s.equals("-") ? null : s;
    }

    static List<String> mismatches(Row r, Intent got) {
        List<String> why = new ArrayList<>();
        if (!r.action().equals(got.action().wireName())) why.add("action " + got.action().wireName());
        if (!eq(r.profile(), got.profile())) why.add("profile " + got.profile());
        if (!eq(r.jobId(), got.jobId())) why.add("jobId " + got.jobId());
        if (r.sure() != got.isSure()) why.add(got.isSure() ? "sure" : "unsure");
        if (!r.overrides().equals(new TreeMap<>(got.overrides()))) why.add("overrides " + got.overrides());
        if (r.dry() != got.dryRun()) why.add("dryRun " + got.dryRun());
        if (!got.flags().containsAll(r.flags())) why.add("flags " + got.flags());
        return why;
    }

    static boolean eq(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    @Test
    void should_parse_the_utterance_table_with_every_safety_row_right() throws IOException {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 150, "at least 150 rows, got " + rows.size());
        measure("table", rows, MIN_ACCURACY, "intent-accuracy.txt");
    }

    /**
     * Rows written after the parser and measured once before any tuning (see README "Understanding a message"), kept apart so
     * the table's number is not the only one. Safety rows must still all match.
     */
    @Test
    void should_parse_the_held_out_rows_with_every_safety_row_right() throws IOException {
        measure("held-out", rows("/intent/utterances-holdout.tsv"), MIN_HOLDOUT_ACCURACY,
            "intent-accuracy-holdout.txt");
    }

    @Test
    void should_parse_the_second_held_out_set_with_every_safety_row_right() throws IOException {
        measure("held-out 2", rows("/intent/utterances-holdout2.tsv"), MIN_HOLDOUT_ACCURACY,
            "intent-accuracy-holdout2.txt");
    }

    static void measure(String name, List<Row> rows, double minAccuracy, String reportFile) throws IOException {
        for (int i = 0; i < 50; i++) parser.parse(rows.get(i % rows.size()).text(), names); // warm up
        int ok = 0;
        int unsure = 0;
        int toModel = 0;
        int safetyRows = 0;
        List<String> safetyFailures = new ArrayList<>();
        List<String> otherFailures = new ArrayList<>();
        long start = System.nanoTime();
        for (Row r : rows) {
            Intent got = parser.parse(r.text(), names);
            if (!got.isSure()) unsure++;
            if (HybridParser.consultsModel(got)) toModel++;
            if (r.safety()) safetyRows++;
            List<String> why = IntentEvalTest.outcomeMismatches(r, got);
            if (why.isEmpty()) {
                ok++;
            } else {
                String msg = "line " + r.line() + " \"" + r.text() + "\": got " + String.join(", ", why);
                (r.safety() ? safetyFailures : otherFailures).add(msg);
            }
        }
        long nanos = System.nanoTime() - start;
        double accuracy = ok / (double) rows.size();
        String report = String.format(Locale.ROOT,
            "rule parser, %s: %d rows, %d correct (%.1f%%), %d safety rows (%d wrong), UNSURE share %.1f%% (%d rows),"
                + " handed to the LLM %.1f%% (%d rows; the rest are refusals/questions it may not overrule),"
                + " %.3f ms per message%n",
            name, rows.size(), ok, 100 * accuracy, safetyRows, safetyFailures.size(), 100.0 * unsure / rows.size(),
            unsure, 100.0 * toModel / rows.size(), toModel, nanos / 1e6 / rows.size());
        StringBuilder all = new StringBuilder(report);
        safetyFailures.forEach(s -> all.append("SAFETY ").append(s).append('\n'));
        otherFailures.forEach(s -> all.append("miss   ").append(s).append('\n'));
        System.out.print(all);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", reportFile), all, StandardCharsets.UTF_8);

        assertTrue(safetyFailures.isEmpty(), "safety rows wrong:\n" + String.join("\n", safetyFailures));
        assertTrue(accuracy >= minAccuracy, all.toString());
    }

    @Test
    void should_keep_invariants_on_every_row() throws IOException {
        for (Row r : rows()) {
            Intent got = parser.parse(r.text(), names);
            String at = "line " + r.line() + ": " + r.text();
            assertTrue(got.profile() == null || names.contains(got.profile()), at);
            assertTrue(got.jobId() == null || got.jobId().matches("[0-9]{1,12}(_[0-9]{1,6})?"), at); // one job or one sweep task
            if (got.action() == Action.CANCEL && got.isSure()) {
                assertNotNull(got.jobId(), at);
                assertFalse(got.has(Flag.BULK), at);
            }
            if (got.has(Flag.BULK)) assertNull(got.jobId(), at);
            if (got.has(Flag.NEGATED) || got.has(Flag.SUSPICIOUS)) assertFalse(got.isSure(), at);
            if (!got.isSure()) assertNotNull(got.question(), "an unsure intent carries a question: " + at);
            got.overrides().forEach((k, v) -> assertTrue(Overrides.valid(k, v), at + " " + k + "=" + v));
        }
    }

    /**
     * Thousands of messages stitched from the table's words, profile look-alikes, shell fragments and random
     * characters: the parser never throws and every invariant holds.
     */
    @Test
    void should_keep_invariants_on_random_messages() throws IOException {
        List<String> words = new ArrayList<>();
        for (Row r : rows()) words.addAll(List.of(r.text().split("\\s+")));
        words.addAll(List.of("; rm -rf /", "$(reboot)", "`id`", "../../etc", "backtest_v55", "BACKTEST__V5",
            "12345", "1", "99999999999999", "모든", "전부", "-u", "취소", "실행", "하지 마", "\u0000", "\uFFFD", "🙂",
            "파티션", "shared;x", "메모리", "9999999G", "시간", "999시간으로", "&amp;&amp;", "<@U1>", "\n"));
        java.util.Random rnd = new java.util.Random(20261126);
        for (int n = 0; n < 5000; n++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + rnd.nextInt(7);
            for (int i = 0; i < len; i++) {
                if (rnd.nextInt(10) == 0) b.append((char) (rnd.nextInt(0x3000) + 0x20));
                b.append(words.get(rnd.nextInt(words.size()))).append(rnd.nextBoolean() ? " " : "");
            }
            String text = b.toString();
            Intent got = parser.parse(text, names);
            String at = "random message: " + text;
            assertTrue(got.profile() == null || names.contains(got.profile()), at);
            assertTrue(got.jobId() == null || got.jobId().matches("[0-9]{1,12}(_[0-9]{1,6})?"), at); // one job or one sweep task
            if (got.action() == Action.CANCEL && got.isSure()) assertNotNull(got.jobId(), at);
            if (got.has(Flag.BULK)) assertNull(got.jobId(), at);
            if (got.has(Flag.SUSPICIOUS) || got.has(Flag.NEGATED)) assertFalse(got.isSure(), at);
            got.overrides().forEach((k, v) -> assertTrue(Overrides.valid(k, v), at + " " + k + "=" + v));
        }
    }

    @Test
    void should_never_return_a_profile_that_is_not_in_the_list() {
        Intent i = parser.parse("backtest_v5 실행해줘", List.of("optimizer_v5"));
        assertNull(i.profile());
        assertFalse(i.isSure());
    }

    @Test
    void should_ask_with_the_expected_korean_question() {
        // a version-less name that starts one profile only is that profile: the card shows it before anything runs
        Intent partial = parser.parse("백테스트 돌려줘", names);
        assertEquals("backtest_v5", partial.profile());
        assertTrue(partial.isSure());
        assertNull(partial.question());
        assertEquals("'backtest_v9' 프로필은 없습니다. backtest_v5 실행을 말씀하신 건가요? 맞다면 \"backtest_v5 실행해줘\" 라고 다시 보내 주세요.",
            parser.parse("backtest_v9 실행해줘", names).question());
        assertTrue(parser.parse("모든 잡 취소", names).question().contains("Job ID 하나만"));
        assertTrue(parser.parse("실행해줘", names).question().contains("backtest_v5, optimizer_v5, study_exit_params"));
    }

    @Test
    void should_read_short_slurm_flags_as_overrides_never_as_job_ids() {
        Intent c = parser.parse("옵티 -c 16 --mem=64G로 돌려줘", names);
        assertNull(c.jobId());
        assertEquals(Map.of(Overrides.CPUS, "16", Overrides.MEM, "64G"), c.overrides());
        Intent t = parser.parse("study_exit_params submit only -c 8 -t 2h", names);
        assertNull(t.jobId());
        assertEquals(Map.of(Overrides.CPUS, "8", Overrides.TIME, "02:00:00"), t.overrides());
        assertEquals("04:00:00",
            parser.parse("backtest_v5 --cpus-per-task=8 -t 4:00:00 -p debug 로 실행", names).overrides().get(Overrides.TIME));
        assertEquals("lab", parser.parse("study_exit_params 실행, 계정은 -A lab", names).overrides().get(Overrides.ACCOUNT));
        // a flag value is never a job id (a cancel must not find one there)
        assertNull(parser.parse("backtest_v5 -c 4 로 돌려줘", names).jobId());
    }

    @Test
    void should_read_the_number_before_the_unit_word() {
        Intent i = parser.parse("청산 스터디 8코어 32기가로 돌려주세요", names);
        assertEquals(Map.of(Overrides.CPUS, "8", Overrides.MEM, "32G"), i.overrides());
        assertEquals(Map.of(Overrides.CPUS, "12", Overrides.MEM, "128G"),
            parser.parse("optimizer_v5 12코어 128G로 돌려봐", names).overrides());
    }

    @Test
    void should_read_a_run_length_said_last_only_with_a_run() {
        assertEquals("12:00:00", parser.parse("opt 돌려 ㄱㄱ 12시간", names).overrides().get(Overrides.TIME));
        assertEquals("06:00:00",
            parser.parse("opt 돌려서 끝나면 결과 로컬로 받아놔줘, 6시간", names).overrides().get(Overrides.TIME));
        assertEquals("00:30:00",
            parser.parse("익절/손절 파라미터 스터디 실행해줘 파티션 debug, 30분", names).overrides().get(Overrides.TIME));
        Intent given = parser.parse("백테 시간 넉넉하게 10시간 줘서 다시", names);
        assertEquals("10:00:00", given.overrides().get(Overrides.TIME));
        assertTrue(given.isSure());
        // how long something has taken is no run length
        assertFalse(parser.parse("백테 돌린 지 6시간", names).overrides().containsKey(Overrides.TIME));
        assertFalse(parser.parse("백테 상태 어때 벌써 3시간", names).overrides().containsKey(Overrides.TIME));
    }

    @Test
    void should_read_partition_names_in_hangul_and_skip_keys_as_values() {
        assertEquals("debug", parser.parse("청산 스터디 디버그 파티션에서 돌려주세요", names).overrides().get(Overrides.PARTITION));
        Intent admin = parser.parse("slurm debug 파티션 time limit 2시간으로 올려주세요", names);
        assertEquals(Action.UNKNOWN, admin.action());
        assertTrue(admin.overrides().isEmpty());
    }

    @Test
    void should_read_log_flags() {
        Intent tail = parser.parse("bt 로그 tail -n 500", names);
        assertNull(tail.jobId());
        assertEquals("500", tail.overrides().get(Overrides.LINES));
        Intent flags = parser.parse("log 40211 --lines=300 --stream=both", names);
        assertEquals("40211", flags.jobId());
        assertEquals(Map.of(Overrides.LINES, "300", Overrides.STREAM, "both"), flags.overrides());
    }

    @Test
    void should_run_again_with_the_value_after_what_went_wrong() {
        Intent i = parser.parse("아 ㅠㅠ 메모리 부족으로 또 죽었어 백테 이번엔 96G", names);
        assertEquals(Action.RUN, i.action());
        assertEquals("96G", i.overrides().get(Overrides.MEM));
        assertEquals(Action.RUN, parser.parse("timeout 났네 bt 시간 8시간으로 다시 ㄱㄱ", names).action());
    }

    @Test
    void should_keep_slurm_limits_and_array_flags_out_of_job_ids_and_script_args() {
        Intent limit = parser.parse("MaxJobsPerUser 20으로 올려줄 수 있나요", names);
        assertEquals(Action.UNKNOWN, limit.action());
        assertNull(limit.jobId());
        Intent array = parser.parse("backtest_v5 --array seed=1..100 -p gpu", names);
        assertEquals(Action.SWEEP, array.action());
        assertTrue(array.isSure());
        assertEquals("gpu", array.overrides().get(Overrides.PARTITION));
    }

    @Test
    void should_ask_when_a_cancel_comes_with_a_new_run_or_more_resources_without_a_value() {
        Intent c = parser.parse("타임아웃 날 게 뻔하니까 40877 취소하고 시간 늘려서 다시", names);
        assertEquals(Action.CANCEL, c.action());
        assertEquals("40877", c.jobId());
        assertFalse(c.isSure());
        Intent more = parser.parse("OOM 났던데 메모리 늘려서 다시 좀", names);
        assertEquals(Action.RUN, more.action());
        assertFalse(more.isSure());
        assertTrue(more.flags().contains(Flag.NEEDS_PROFILE));
    }

    @Test
    void should_read_half_hours_bare_minutes_and_tail_n() {
        assertEquals("01:30:00", parser.parse("백테 1시간 반으로 돌려줘", names).overrides().get(Overrides.TIME));
        assertEquals("01:30:00", parser.parse("백테 돌려줘 1시간 반", names).overrides().get(Overrides.TIME));
        assertEquals("01:30:00",
            parser.parse("backtest_v5 -t 90 으로 돌려줘", names).overrides().get(Overrides.TIME));
        Intent log = parser.parse("812 로그 -n 100", names);
        assertEquals("812", log.jobId());
        assertEquals("100", log.overrides().get(Overrides.LINES));
    }

    @Test
    void should_never_take_a_short_flag_value_for_a_job_id() {
        Intent nodes = parser.parse("옵티 실행 -N 2", names);
        assertNull(nodes.jobId());
        assertFalse(nodes.isSure());
        Intent cancel = parser.parse("cancel 812 -t 5", names);
        assertEquals("812", cancel.jobId());
        assertFalse(cancel.isSure()); // a cancel with a run's resources: asked
        assertFalse(parser.parse("812 취소해줘 -c 4", names).isSure());
        assertTrue(parser.parse("812 취소", names).isSure());
    }

    /** CPU time of this thread, so a loaded machine (other builds) does not make the number meaningless. */
    @Test
    void should_parse_a_message_in_about_a_millisecond_or_less() throws IOException {
        List<Row> rows = rows();
        for (int i = 0; i < 500; i++) parser.parse(rows.get(i % rows.size()).text(), names);
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        int n = 5 * rows.size();
        for (int i = 0; i < n; i++) parser.parse(rows.get(i % rows.size()).text(), names);
        double cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
        double wallMs = (System.nanoTime() - wall0) / 1e6 / n;
        String line = String.format(Locale.ROOT, "rule parser: %.3f ms CPU (%.3f ms wall) per message over %d parses%n",
            cpuMs, wallMs, n);
        System.out.print(line);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "intent-parse-time.txt"), line, StandardCharsets.UTF_8);
        assertTrue(cpuMs < 10.0, "parse too slow (a regex gone quadratic?): " + line);
    }

    @Test
    void should_expose_action_labels_for_every_action() {
        Map<Action, String> labels = new LinkedHashMap<>();
        for (Action a : Action.values()) labels.put(a, Questions.label(a));
        assertEquals(Action.values().length, labels.size());
    }
}
