package ptj.slurmrunner.intent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * What the classifier sees of a message: Nori morphemes (endings and particles dropped, so 돌려줘/돌려주세요/돌려 줄래
 * meet at 돌리) and character 2–3-grams of the masked text (so typos, 초성 ㄱㄱ/ㅊㅅ and loanwords still share most
 * of their grams). Profile names and job ids are masked first: they say which thing, never which action.
 */
final class Features {
    /** Tags Nori drops: endings, particles, punctuation, affixes that carry politeness rather than meaning. */
    private static final Set<POS.Tag> DROPPED = EnumSet.of(POS.Tag.E, POS.Tag.J, POS.Tag.SP, POS.Tag.SSC,
        POS.Tag.SSO, POS.Tag.SC, POS.Tag.SE, POS.Tag.XSV, POS.Tag.XSA, POS.Tag.VCP, POS.Tag.IC);
    private static final Pattern JOB_ID = Pattern.compile("(?<![a-z0-9_])\\d{2,12}(?:_\\d+)?(?![a-z0-9_])");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_.\\-/]*");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern MASKS = Pattern.compile("[ⓟⓙ]");

    private final Analyzer nori;

    Features() {
        nori = new KoreanAnalyzer(null, KoreanTokenizer.DecompoundMode.DISCARD, DROPPED, false);
    }

    /** Masked, lower-cased text: profile-looking words become "ⓟ", job ids "ⓙ". */
    static String mask(String text, List<String> profiles) {
        var m = WORD.matcher(unmasked(text));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String w = m.group();
            m.appendReplacement(out, ProfileNames.closest(w, profiles) != null ? " ⓟ " : w);
        }
        m.appendTail(out);
        return SPACES.matcher(out.toString()).replaceAll(" ").strip();
    }

    /** The lower-cased text with job ids masked: where {@link #mask} looks for profile-like words. */
    private static String unmasked(String text) {
        String s = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return JOB_ID.matcher(s).replaceAll(" ⓙ ");
    }

    /** The words {@link #mask} weighs as possible profile names. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(unmasked(text));
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Term counts of a masked text. */
    Map<String, Integer> of(String masked) {
        Map<String, Integer> f = new HashMap<>();
        // Nori reads the word after a mask sign as a particle ("ⓟ 로그" → 로/J 그/IC): it gets a full stop instead
        List<String> words = morphemes(MASKS.matcher(masked).replaceAll("."));
        for (String t : words) f.merge("w:" + t, 1, Integer::sum);
        String padded = " " + masked + " ";
        for (int n = 2; n <= 3; n++) {
            for (int i = 0; i + n <= padded.length(); i++) {
                String g = padded.substring(i, i + n);
                if (!g.isBlank()) f.merge("c:" + g, 1, Integer::sum);
            }
        }
        return f;
    }

    List<String> morphemes(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = nori.tokenStream("t", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
