package ptj.slurmrunner.results;

import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import ptj.slurmrunner.messages.Messages;

/**
 * Charts as PNG, drawn in the JVM with JFreeChart, headless (no display, no browser). Labels are Korean when a
 * font on this host can draw "가" (Debian: fonts-nanum), otherwise ASCII — never the empty boxes a missing font gives.
 * Big inputs are thinned: at most {@link #MAX_POINTS} points per line and {@link #MAX_BARS} bars.
 */
public final class ChartRenderer {
    static final int WIDTH = 900;
    static final int HEIGHT = 480;
    static final int MAX_POINTS = 2000;
    static final int MAX_BARS = 40;
    static final long MAX_CSV_BYTES = 32L * 1024 * 1024;

    /** A rendered chart: the PNG, a file name for the upload, and what it cost. */
    public record Chart(byte[] png, String filename, String title, long renderMillis) {}

    /** The host's Korean font, looked up once per JVM and only when the first chart is drawn. */
    private static final class HostFont {
        static final String KOREAN = findKoreanFont().orElse(null);
    }

    private final boolean fromHost;
    private final String fixedFont;

    /** Korean labels when the host has a font for them (looked up lazily, once). */
    public ChartRenderer() {
        System.setProperty("java.awt.headless", "true");
        this.fromHost = true;
        this.fixedFont = null;
    }

    /** {@code koreanFont} null: ASCII labels only (tests use it to check the fallback). */
    public ChartRenderer(String koreanFont) {
        System.setProperty("java.awt.headless", "true");
        this.fromHost = false;
        this.fixedFont = koreanFont;
    }

    private String koreanFont() {
        return fromHost ? HostFont.KOREAN : fixedFont;
    }

    public boolean korean() {
        return koreanFont() != null;
    }

    /** A font family that can draw Hangul, NanumGothic first; empty when the host has none. */
    public static Optional<String> findKoreanFont() {
        System.setProperty("java.awt.headless", "true");
        try {
            String[] families = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            List<String> ordered = new ArrayList<>(Arrays.asList(families));
            ordered.sort((a, b) -> Integer.compare(rank(a), rank(b)));
            for (String f : ordered) {
                if (rank(f) > 2) break; // logical fonts may fall back to anything; only trust named Korean fonts
                if (new Font(f, Font.PLAIN, 12).canDisplayUpTo("가나다") == -1) return Optional.of(f);
            }
        } catch (RuntimeException | Error e) {
            // no font configuration at all (a bare container): ASCII labels
        }
        return Optional.empty();
    }

    private static int rank(String family) {
        String f = family.toLowerCase().replace(" ", "");
        if (f.equals("nanumgothic")) return 0;
        if (f.startsWith("nanum") || f.contains("notosanscjk") || f.contains("notosanskr")) return 1;
        if (f.contains("gothic") || f.contains("malgun") || f.contains("applesdgothic") || f.contains("unbatang")) return 2;
        return 3;
    }

    /** Label {@code results.chart.KEY} in Korean, or its {@code .ascii} twin when no Korean font is present. */
    String label(String key, Object... args) {
        return Messages.get("results.chart." + key + (korean() ? "" : ".ascii"), args);
    }

    /** The profile's chart of one job from its CSV; empty when the CSV has no usable column. */
    public Optional<Chart> render(ChartSpec spec, Path csv, String profile, String jobId) throws IOException {
        long t0 = System.nanoTime();
        Csv table = Csv.read(csv);
        int yi = table.column(spec.y());
        if (yi < 0) return Optional.empty();
        String title = label("job", profile, jobId, spec.y());
        JFreeChart chart;
        if (spec.kind() == ChartSpec.Kind.LINE) {
            int xi = spec.x().isEmpty() ? -1 : table.column(spec.x().get(0));
            XYSeries s = new XYSeries(spec.y());
            int n = table.rows().size();
            int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
            for (int i = 0; i < n; i += step) {
                String[] row = table.rows().get(i);
                Double y = Csv.number(row, yi);
                if (y == null) continue;
                Double x = xi < 0 ? Double.valueOf(i + 1) : Csv.number(row, xi);
                s.add(x == null ? i + 1 : x, y);
            }
            if (s.getItemCount() == 0) return Optional.empty();
            chart = ChartFactory.createXYLineChart(title, xi < 0 ? label("row") : spec.x().get(0), spec.y(),
                new XYSeriesCollection(s), PlotOrientation.VERTICAL, false, false, false);
        } else {
            List<Integer> xs = new ArrayList<>();
            for (String c : spec.x()) {
                int i = table.column(c);
                if (i < 0) return Optional.empty();
                xs.add(i);
            }
            DefaultCategoryDataset d = new DefaultCategoryDataset();
            for (String[] row : table.rows()) {
                if (d.getColumnCount() >= MAX_BARS) break;
                Double y = Csv.number(row, yi);
                if (y == null) continue;
                List<String> parts = new ArrayList<>();
                for (int i : xs) parts.add(i < row.length ? row[i] : "");
                d.addValue(y, spec.y(), String.join("/", parts));
            }
            if (d.getColumnCount() == 0) return Optional.empty();
            chart = ChartFactory.createBarChart(title, String.join("/", spec.x()), spec.y(), d,
                PlotOrientation.VERTICAL, false, false, false);
            ((CategoryPlot) chart.getPlot()).getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return Optional.of(png(chart, profile + "_" + jobId + "_" + spec.y() + ".png", title, t0));
    }

    /** {@code metric} over the given runs (oldest first), one point per job. */
    public Optional<Chart> compare(String profile, List<ResultHistory.Run> runs, String metric) throws IOException {
        long t0 = System.nanoTime();
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        for (ResultHistory.Run r : runs) {
            Optional<Double> v = r.summary().number(metric);
            if (v.isPresent()) d.addValue(v.get(), metric, r.jobId());
        }
        if (d.getColumnCount() == 0) return Optional.empty();
        String title = label("compare", profile, runs.size(), metric);
        JFreeChart chart = ChartFactory.createLineChart(title, label("job_axis"), metric, d,
            PlotOrientation.VERTICAL, false, false, false);
        return Optional.of(png(chart, profile + "_compare_" + metric + ".png", title, t0));
    }

    /**
     * A sweep: {@code metric} of each task across the swept parameter — a line over the values when they are all
     * numbers (one swept argument), else one bar per combination (labels "0.03/0.1"), at most {@link #MAX_BARS}.
     */
    public Optional<Chart> sweep(String profile, String arrayId, String metric, String param, List<String> xs,
                                 List<Double> ys) throws IOException {
        long t0 = System.nanoTime();
        if (xs.isEmpty() || xs.size() != ys.size()) return Optional.empty();
        String title = label("sweep", profile, arrayId, metric, param);
        boolean numeric = xs.stream().allMatch(x -> x.matches("-?[0-9]+(\\.[0-9]+)?"));
        JFreeChart chart;
        if (numeric) {
            XYSeries s = new XYSeries(metric, true, false);
            for (int i = 0; i < xs.size() && i < MAX_POINTS; i++) s.addOrUpdate(Double.parseDouble(xs.get(i)), ys.get(i).doubleValue());
            chart = ChartFactory.createXYLineChart(title, param, metric, new XYSeriesCollection(s),
                PlotOrientation.VERTICAL, false, false, false);
        } else {
            DefaultCategoryDataset d = new DefaultCategoryDataset();
            for (int i = 0; i < xs.size() && d.getColumnCount() < MAX_BARS; i++) d.addValue(ys.get(i), metric, xs.get(i));
            chart = ChartFactory.createBarChart(title, param, metric, d, PlotOrientation.VERTICAL, false, false, false);
            ((CategoryPlot) chart.getPlot()).getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        return Optional.of(png(chart, profile + "_" + arrayId + "_sweep_" + metric + ".png", title, t0));
    }

    private Chart png(JFreeChart chart, String filename, String title, long t0) throws IOException {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        String family = korean() ? koreanFont() : Font.SANS_SERIF;
        theme.setExtraLargeFont(new Font(family, Font.BOLD, 18));
        theme.setLargeFont(new Font(family, Font.BOLD, 14));
        theme.setRegularFont(new Font(family, Font.PLAIN, 12));
        theme.setSmallFont(new Font(family, Font.PLAIN, 10));
        theme.apply(chart);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(0xF7, 0xF7, 0xF7));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        return new Chart(out.toByteArray(), filename, title, (System.nanoTime() - t0) / 1_000_000);
    }

    /** A small CSV reader for the files our scripts write: a header line, comma-separated, optional quotes. */
    record Csv(List<String> header, List<String[]> rows) {
        static Csv read(Path file) throws IOException {
            if (Files.size(file) > MAX_CSV_BYTES) throw new IOException(file + " is larger than " + MAX_CSV_BYTES);
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty()) return new Csv(List.of(), List.of());
            List<String[]> rows = new ArrayList<>();
            for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(split(l));
            return new Csv(Arrays.asList(split(lines.get(0))), rows);
        }

        int column(String name) {
            return header.indexOf(name);
        }

        static Double number(String[] row, int i) {
            if (i < 0 || i >= row.length || row[i].isBlank()) return null;
            try {
                double d = Double.parseDouble(row[i].strip());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        static String[] split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = !quoted;
                    }
                } else if (c == ',' && !quoted) {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            out.add(cur.toString());
            return out.toArray(new String[0]);
        }
    }
}
