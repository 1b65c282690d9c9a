package io.flows.dsl.text;

/** Text cut short for a message: code, a key, a thrown value quoted in an error. */
public final class Abbreviation {

    private static final String MORE = "...";

    private Abbreviation() {
    }

    /**
     * {@code text} when it has at most {@code max} characters, else its start and "...", {@code max} characters in
     * all; a cut never separates the two halves of a surrogate pair.
     */
    public static String of(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Math.max(0, max - MORE.length());
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + MORE;
    }
}
