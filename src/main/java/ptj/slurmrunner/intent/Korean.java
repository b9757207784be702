package ptj.slurmrunner.intent;

/** Korean particles that depend on the last sound of a word (을/를, 은/는). */
final class Korean {
    private Korean() {}

    /** word + 을 or 를: "실행을", "복구를", "제출(submit)을". */
    static String object(String word) {
        return word + (hasFinalConsonant(word) ? "을" : "를");
    }

    /** word + 은 or 는: "실행은", "복구는". */
    static String topic(String word) {
        return word + (hasFinalConsonant(word) ? "은" : "는");
    }

    /**
     * Whether the last pronounced syllable ends in a consonant (받침). Looks at the last Hangul syllable or digit,
     * skipping a trailing parenthesised part ("제출(submit)" → 출).
     */
    static boolean hasFinalConsonant(String word) {
        String w = word.strip();
        if (w.endsWith(")") && w.lastIndexOf('(') > 0) w = w.substring(0, w.lastIndexOf('(')).strip();
        for (int i = w.length() - 1; i >= 0; i--) {
            char c = w.charAt(i);
            if (c >= 0xAC00 && c <= 0xD7A3) return (c - 0xAC00) % 28 != 0;
            if (c >= '0' && c <= '9') return "013678".indexOf(c) >= 0;
            if (Character.isLetter(c)) return "lmnbk".indexOf(Character.toLowerCase(c)) >= 0;
        }
        return false;
    }
}
