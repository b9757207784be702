package ptj.slurmrunner.intent;

import java.util.List;
import java.util.Locale;

/**
 * A word → the one existing profile it spells, allowing a slip of the keyboard ("backtset_v5", "study_exit_param").
 * Only ever an existing name; two equally near names give none.
 */
final class ProfileNames {
    private ProfileNames() {}

    private static final java.util.regex.Pattern NAME_LIKE = java.util.regex.Pattern.compile("[A-Za-z0-9_.\\-]+");

    /** The text with each word that misspells exactly one existing profile replaced by that profile. */
    static String spell(String text, List<String> profiles) {
        var m = NAME_LIKE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String w = m.group();
            String p = profiles.contains(w.toLowerCase(Locale.ROOT)) || w.contains(".") ? null
                : closest(w, profiles);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(p != null ? p : w));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String closest(String word, List<String> profiles) {
        String k = key(word);
        if (k.length() < 5) return null;
        String digits = digits(k);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String p : profiles) {
            String pk = key(p);
            if (!digits(pk).equals(digits)) continue; // v4 is no typo of v5: another version
            int d = distance(k, pk);
            if (d < bestDistance) {
                best = p;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance) {
                tie = true;
            }
        }
        int allowed = k.length() >= 9 ? 2 : 1;
        return best != null && !tie && bestDistance <= allowed ? best : null;
    }

    /**
     * "backtest", "optim", "exit study", "backtset" → the one profile these words are parts of. A word fits a part of
     * a name when it is that part, starts it (4+ letters) or is one keyboard slip from it (5+ letters). The name's
     * first part must be among the words (so "exit code" is no study_exit_params); a word with a digit must be one of
     * the name's parts ("backtest v6" is not backtest_v5); words that fit no profile say nothing; two profiles give
     * none.
     */
    static String byParts(List<String> words, List<String> profiles) {
        List<String> headed = headed(words, profiles);
        if (headed.size() != 1) return null; // none, or "backtest optimizer": two profiles
        String found = headed.get(0);
        List<String> parts = List.of(found.toLowerCase(Locale.ROOT).split("[_.\\-]+"));
        for (String w : words) {
            String k = key(w);
            boolean versionLike = k.chars().anyMatch(Character::isDigit);
            if (versionLike && !k.equals(key(found)) && parts.stream().noneMatch(part -> key(part).equals(k))) {
                return null; // "backtest v6", "backtest_v9": another version than the one that exists
            }
        }
        return found;
    }

    /** The profiles whose first name part is among the words ("백테랑 옵티" → backtest_v5, optimizer_v5). */
    static List<String> headed(List<String> words, List<String> profiles) {
        List<String> out = new java.util.ArrayList<>();
        for (String p : profiles) {
            String[] parts = p.toLowerCase(Locale.ROOT).split("[_.\\-]+");
            for (String w : words) {
                String k = key(w);
                if (fits(k, key(parts[0])) || k.length() >= 4 && key(p).startsWith(k)) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean fits(String word, String part) {
        if (word.isEmpty() || part.isEmpty()) return false;
        return word.equals(part) || word.length() >= 4 && part.startsWith(word)
            || word.length() >= 5 && part.length() >= 5 && distance(word, part) <= 1; // "studdy", "backtets"
    }

    /** Lower-cased letters and digits only (a loop, not a regex: the classifier masks every word of its bank). */
    static String key(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = Character.toLowerCase(s.charAt(i));
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }

    private static String digits(String key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < key.length(); i++) if (Character.isDigit(key.charAt(i))) b.append(key.charAt(i));
        return b.toString();
    }

    /** Optimal string alignment distance: a swapped pair of letters counts once. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
