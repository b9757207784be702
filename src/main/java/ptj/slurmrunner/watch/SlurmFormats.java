package ptj.slurmrunner.watch;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the duration and size fields squeue/sacct print. */
final class SlurmFormats {
    private static final Pattern DURATION =
            Pattern.compile("^(?:(\\d+)-)?(?:(\\d+):)?(\\d+):(\\d+)(?:\\.(\\d+))?$");
    private static final Pattern SIZE = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)([KMGTP]?)([nc]?)$");

    private SlurmFormats() {}

    /** {@code [D-][HH:]MM:SS[.mmm]} (Elapsed, TotalCPU, squeue %M) → seconds. */
    static OptionalDouble seconds(String s) {
        if (s == null) return OptionalDouble.empty();
        Matcher m = DURATION.matcher(s.strip());
        if (!m.matches()) return OptionalDouble.empty();
        long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long hours = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        long minutes = Long.parseLong(m.group(3));
        long secs = Long.parseLong(m.group(4));
        double frac = m.group(5) == null ? 0 : Double.parseDouble("0." + m.group(5));
        return OptionalDouble.of(((days * 24 + hours) * 60 + minutes) * 60 + secs + frac);
    }

    /**
     * MaxRSS / ReqMem → bytes. SLURM sizes are binary (K = KiB); a bare number is in the field's default unit:
     * KiB for MaxRSS, MiB for ReqMem. An old-style ReqMem suffix {@code c} means per CPU.
     */
    static OptionalLong bytes(String s, char defaultUnit, int cpus) {
        if (s == null || s.isBlank()) return OptionalLong.empty();
        Matcher m = SIZE.matcher(s.strip());
        if (!m.matches()) return OptionalLong.empty();
        double v = Double.parseDouble(m.group(1));
        char unit = m.group(2).isEmpty() ? defaultUnit : m.group(2).charAt(0);
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            case 'P' -> 50;
            default -> 0;
        };
        double b = v * (1L << shift);
        if ("c".equals(m.group(3))) b *= Math.max(1, cpus);
        return OptionalLong.of((long) b);
    }

    /** Bytes → "1.2G", "340M", "12K" (binary units, like SLURM prints). */
    static String human(long bytes) {
        String[] units = {"B", "K", "M", "G", "T"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 10 || u == 0 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + units[u];
    }

    /** Seconds → HH:MM:SS or D-HH:MM:SS. */
    static String hms(double seconds) {
        long s = Math.round(seconds);
        long d = s / 86400;
        s %= 86400;
        String t = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        return d > 0 ? d + "-" + t : t;
    }
}
