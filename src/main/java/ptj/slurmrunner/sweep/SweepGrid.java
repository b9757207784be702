package ptj.slurmrunner.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grid of a sweep: script arguments, each with a list of values, combined as a cartesian product (first
 * argument slowest), exactly as {@code make slurm-sweep SWEEP='…'} reads it (docs/sweeps.md). The make form is
 * {@code seed=1..20} (an integer range) or {@code stop-loss=0.03,0.05,0.08} (a list), words separated by a space.
 * Names and values have the toolkit's allowlisted forms; anything else does not parse.
 */
public record SweepGrid(List<Dimension> dimensions) {
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");
    static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:+][A-Za-z0-9_.:+-]{0,31}|-[0-9][0-9.]{0,30}");
    private static final Pattern RANGE = Pattern.compile("(-?[0-9]{1,6})\\.\\.(-?[0-9]{1,6})");
    /** Far above any cap: a grid this large is never expanded, only refused. */
    static final long HUGE = 1_000_000L;

    /** One swept argument ({@code --name}) and its values, in order. {@code range} keeps {@code A..B} for display. */
    public record Dimension(String name, List<String> values, String range) {
        public Dimension {
            values = List.copyOf(values);
        }

        String makeWord() {
            return name + "=" + (range != null ? range : String.join(",", values));
        }
    }

    public SweepGrid {
        dimensions = List.copyOf(dimensions);
    }

    /** Parses the make form; empty when any word, name or value is not of the allowed form. */
    public static Optional<SweepGrid> parse(String make) {
        if (make == null || make.isBlank() || make.length() > 400) return Optional.empty();
        List<Dimension> dims = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String word : make.strip().split(" +")) {
            int eq = word.indexOf('=');
            if (eq <= 0) return Optional.empty();
            String name = word.substring(0, eq);
            String spec = word.substring(eq + 1);
            if (!NAME.matcher(name).matches() || !names.add(name)) return Optional.empty();
            var range = RANGE.matcher(spec);
            if (range.matches()) {
                long a = Long.parseLong(range.group(1));
                long b = Long.parseLong(range.group(2));
                if (a > b) return Optional.empty();
                // a range is kept as a range; its values are listed only when small enough to ever run
                List<String> values = new ArrayList<>();
                if (b - a < HUGE) for (long v = a; v <= b && values.size() <= 10_000; v++) values.add(Long.toString(v));
                dims.add(new Dimension(name, values, spec));
                continue;
            }
            List<String> values = new ArrayList<>();
            for (String v : spec.split(",", -1)) {
                if (!VALUE.matcher(v).matches() || v.contains("..") || values.contains(v)) return Optional.empty();
                values.add(v);
            }
            dims.add(new Dimension(name, values, null));
        }
        return dims.isEmpty() ? Optional.empty() : Optional.of(new SweepGrid(dims));
    }

    /** Builds a grid from chat: a range {@code name A..B} or a list of values. */
    public static Optional<SweepGrid> of(List<Dimension> dims) {
        if (dims.isEmpty()) return Optional.empty();
        return parse(String.join(" ", dims.stream().map(Dimension::makeWord).toList()));
    }

    /** The {@code SWEEP=} value for make. */
    public String toMake() {
        return String.join(" ", dimensions.stream().map(Dimension::makeWord).toList());
    }

    /** Number of tasks (the product of the dimensions' sizes), saturating far above any cap. */
    public long taskCount() {
        long n = 1;
        for (Dimension d : dimensions) {
            long size = d.range != null ? rangeSize(d.range) : d.values.size();
            n = Math.min(HUGE, n * size);
        }
        return n;
    }

    private static long rangeSize(String range) {
        var m = RANGE.matcher(range);
        if (!m.matches()) return 0;
        return Long.parseLong(m.group(2)) - Long.parseLong(m.group(1)) + 1;
    }

    /** The grid for people: {@code stop-loss 0.03, 0.05, 0.08 × take-profit 0.1, 0.2} or {@code seed 1..20}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (Dimension d : dimensions) {
            parts.add(d.name + " " + (d.range != null ? d.range : String.join(", ", d.values)));
        }
        return String.join(" × ", parts);
    }

    /** The swept arguments of task {@code index} ({@code --seed 3}), as the toolkit writes them to sweep/grid.txt. */
    public String taskArgs(int index) {
        List<String> out = new ArrayList<>();
        long rest = index;
        for (int i = dimensions.size() - 1; i >= 0; i--) {
            Dimension d = dimensions.get(i);
            int size = d.values.size();
            out.add(0, "--" + d.name + " " + d.values.get((int) (rest % size)));
            rest /= size;
        }
        return String.join(" ", out);
    }
}
