package io.flows.dsl.parse;

import java.util.Locale;

/**
 * Keeps NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) the ordinary characters YAML 1.2
 * makes them. The YAML parser underneath follows YAML 1.1, where they break lines, and has no setting for it: one
 * pasted into a plain or block text split it (a parse error on a line past the end of the document), and in a quoted
 * text it was folded into a space. So each is handed to the parser as a private-use character the document does not
 * hold, one UTF-16 unit for one (offsets and columns stay those of the text), and given back in every text read.
 */
final class Yaml12Breaks {

    private static final String BREAKS = "\u0085\u2028\u2029";
    static final Yaml12Breaks NONE = new Yaml12Breaks("");

    /** The stand-ins, in the order of {@link #BREAKS}; empty when the document holds none of them. */
    private final String standIns;

    private Yaml12Breaks(String standIns) {
        this.standIns = standIns;
    }

    /** For a document, or {@code null} when no stand-ins can be found (a document holding almost all of them). */
    static Yaml12Breaks of(String text) {
        if (text.chars().noneMatch(c -> BREAKS.indexOf(c) >= 0)) {
            return NONE;
        }
        StringBuilder found = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (char c = '\uE000'; c <= '\uF8FF' && found.length() < BREAKS.length(); c++) {
            // also not written as an escape ("\uE000" in a quoted text), which the parser turns into the character
            if (text.indexOf(c) < 0 && !lower.contains(String.format("%04x", (int) c))) {
                found.append(c);
            }
        }
        return found.length() == BREAKS.length() ? new Yaml12Breaks(found.toString()) : null;
    }

    /** The text the parser reads. */
    String hide(String text) {
        return swap(text, BREAKS, standIns);
    }

    /** A text the parser read, or its message, with the characters as written. */
    String restore(String read) {
        return read == null ? null : swap(read, standIns, BREAKS);
    }

    private static String swap(String text, String from, String to) {
        if (from.isEmpty()) {
            return text;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            int at = from.indexOf(text.charAt(i));
            if (at >= 0) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, to.charAt(at));
            }
        }
        return out == null ? text : out.toString();
    }
}
