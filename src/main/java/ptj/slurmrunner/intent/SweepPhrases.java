package ptj.slurmrunner.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ptj.slurmrunner.sweep.SweepGrid;

/**
 * The Korean ways of asking for a grid of script arguments: "seed 1부터 20까지", "seed 1~20", "seed=1..20",
 * "stop-loss 0.03, 0.05, 0.08 × take-profit 0.1, 0.2". A range needs both ends, a list at least two values; one
 * value ("--seed 8") stays a script argument the bot does not change. Words that name resources (CPU, 메모리, …),
 * jobs or profiles are never argument names. Only numbers are taken as values.
 */
final class SweepPhrases {
    /** "시드" is how the team says seed; it is read as the argument seed and nothing else is translated. */
    private static final String NAME = "(?<![a-z0-9_.-])(?:--)?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)*|시드)(?:별로|값)?(?:은|는|을|를)?"
        + "(?:\\s*(?:sweep|스윕|grid|그리드)(?![a-z]))?"; // "seed sweep 1..6": the sweep word between name and values
    private static final String NUM = "-?\\d{1,6}(?:\\.\\d{1,8})?";
    private static final Pattern RANGE = Pattern.compile(NAME + "\\s*[=:]?\\s*(?:from\\s+)?(-?\\d{1,6})(?:\\s*번)?\\s*"
        + "(?:부터|에서|~|∼|〜|\\.\\.|-|–|(?<![a-z])(?:to|through|thru)(?![a-z]))"
        + "\\s*(-?\\d{1,6})(?:\\s*번)?(?:\\s*까지)?(?![0-9.])");
    /** "시드별로 백테 1~8": the grid's name, one word between (the profile, which stays), then the values. */
    private static final Pattern BY_NAME = Pattern.compile("(?<![a-z0-9_.-])(시드|seeds?)\\s*별로\\s+(\\S+)\\s+(-?\\d{1,6})\\s*"
        + "(?:부터|에서|~|∼|〜|\\.\\.|-|–)\\s*(-?\\d{1,6})(?:\\s*까지)?(?![0-9.])");
    private static final Pattern SEED_WORD = Pattern.compile("(?<![a-z])seeds?(?![a-z])|시드");
    private static final Pattern LOOSE_RANGE = Pattern.compile(
        "(?<![0-9_.])(\\d{1,6})\\s*(?:번\\s*)?(?:부터|에서|~)\\s*(\\d{1,6})\\s*(?:번\\s*)?까지(?![0-9.])");
    private static final Pattern LIST = Pattern.compile(NAME + "\\s*[=:]?\\s*(" + NUM + "(?:\\s*,\\s*" + NUM + ")+)(?![0-9.])");
    private static final Pattern SWEEP_WORD = Pattern.compile("(?<![a-z])(?:sweep|grid)(?![a-z])|스윕|그리드");
    private static final Set<String> NOT_ARGUMENTS = Set.of("cpu", "cpus", "core", "cores", "mem", "memory", "ram",
        "time", "job", "jobs", "jobid", "job_id", "id", "line", "lines", "partition", "account", "gb", "g", "x", "and",
        "or", "to", "from", "run", "slurm",
        // action words before job ids: "cancel 12340-12350" is many jobs, never a grid named cancel
        "cancel", "scancel", "kill", "stop", "abort", "log", "logs", "tail", "status", "watch", "collect", "submit",
        "sbatch", "squeue", "sacct", "rerun", "start", "launch", "over", "with", "in", "sweep", "grid");

    private SweepPhrases() {}

    /** The grid in {@code low} (lower-cased message), its words blanked; null when there is none or it is malformed. */
    static SweepGrid find(char[] low, List<String> profiles) {
        String text = new String(low);
        record Hit(int start, int end, SweepGrid.Dimension dim, int keepStart, int keepEnd) {
            Hit(int start, int end, SweepGrid.Dimension dim) {
                this(start, end, dim, -1, -1);
            }
        }
        List<Hit> hits = new ArrayList<>();
        Matcher r = RANGE.matcher(text);
        while (r.find()) {
            if (!isArgument(r.group(1), profiles)) continue;
            hits.add(new Hit(r.start(1), r.end(), new SweepGrid.Dimension(argName(r.group(1)), List.of(),
                Long.parseLong(r.group(2)) + ".." + Long.parseLong(r.group(3)))));
        }
        Matcher by = BY_NAME.matcher(text);
        while (by.find()) {
            int s = by.start(1);
            if (hits.stream().anyMatch(h -> h.start() < by.end() && s < h.end())) continue;
            hits.add(new Hit(s, by.end(), new SweepGrid.Dimension("seed", List.of(),
                Long.parseLong(by.group(3)) + ".." + Long.parseLong(by.group(4))), by.start(2), by.end(2)));
        }
        Matcher l = LIST.matcher(text);
        while (l.find()) {
            if (!isArgument(l.group(1), profiles)) continue;
            int s = l.start(1);
            if (hits.stream().anyMatch(h -> h.start() < l.end() && s < h.end())) continue;
            List<String> values = new ArrayList<>();
            for (String v : l.group(2).split(",")) values.add(v.strip());
            hits.add(new Hit(s, l.end(), new SweepGrid.Dimension(argName(l.group(1)), values, null)));
        }
        if (hits.isEmpty() && SEED_WORD.matcher(text).find()) {
            // "시드 바꿔가면서 돌려볼 수 있어? 1에서 30까지": the seed said, its range later in the message
            Matcher loose = LOOSE_RANGE.matcher(text);
            if (loose.find()) {
                hits.add(new Hit(loose.start(), loose.end(), new SweepGrid.Dimension("seed", List.of(),
                    Long.parseLong(loose.group(1)) + ".." + Long.parseLong(loose.group(2)))));
            }
        }
        if (hits.isEmpty()) return null;
        hits.sort((a, b) -> Integer.compare(a.start(), b.start()));
        SweepGrid grid = SweepGrid.of(hits.stream().map(Hit::dim).toList()).orElse(null);
        if (grid == null) return null;
        for (Hit h : hits) {
            for (int i = h.start(); i < h.end(); i++) low[i] = ' ';
            for (int i = h.keepStart(); i >= 0 && i < h.keepEnd(); i++) low[i] = text.charAt(i); // the profile between
            // "seed sweep 1..6": the sweep word between stays, to ask for the sweep
            Matcher w = SWEEP_WORD.matcher(text).region(h.start(), h.end());
            while (w.find()) for (int i = w.start(); i < w.end(); i++) low[i] = text.charAt(i);
        }
        // the "×" / "x" / "와" between two dimensions is not a word of its own
        for (int i = 0; i < low.length; i++) if (low[i] == '×') low[i] = ' ';
        return grid;
    }

    private static boolean isArgument(String word, List<String> profiles) {
        String w = word.toLowerCase(Locale.ROOT);
        if (NOT_ARGUMENTS.contains(w) || w.startsWith("slurm")) return false; // slurm-run, slurm-cancel: targets
        // "시드별로 백테 1~8": a profile or a part of its name ("backtest", "optimizer") is never the argument
        return profiles.stream().map(p -> p.toLowerCase(Locale.ROOT))
            .noneMatch(p -> p.equals(w) || List.of(p.split("[_.\\-]+")).contains(w));
    }

    /** {@code stop_loss} is said for {@code --stop-loss}: argparse spells options with dashes. */
    private static String argName(String word) {
        if (word.equals("시드") || word.equalsIgnoreCase("seeds")) return "seed"; // "over seeds 1 to 5"
        return word.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
