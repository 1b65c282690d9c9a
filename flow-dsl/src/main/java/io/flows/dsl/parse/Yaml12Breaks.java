package io.flows.dsl.parse;

import java.util.BitSet;

/**
 * Keeps NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) the ordinary characters YAML 1.2
 * makes them. The YAML parser underneath follows YAML 1.1, where they break lines, and has no setting for it: one
 * pasted into a plain or block text split it (a parse error on a line past the end of the document), and in a quoted
 * text it was folded into a space. So each is handed to the parser as a private-use character the document does not
 * hold, one UTF-16 unit for one (offsets and columns stay those of the text), and given back in every text read.
 */
final class Yaml12Breaks {

    private static final String BREAKS = "\u0085\u2028\u2029";
    /** The private use area of the Basic Multilingual Plane: one UTF-16 unit each, printable for the parser. */
    private static final int FIRST = 0xE000;
    private static final int LAST = 0xF8FF;
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
        BitSet taken = taken(text);
        StringBuilder found = new StringBuilder();
        for (int c = taken.nextClearBit(FIRST); c <= LAST && found.length() < BREAKS.length(); c = taken.nextClearBit(c + 1)) {
            found.append((char) c);
        }
        return found.length() == BREAKS.length() ? new Yaml12Breaks(found.toString()) : null;
    }

    /**
     * The private-use characters a document holds, written or as an escape (backslash, u, E000 in a double-quoted
     * text, which the parser turns into the character), in one pass.
     */
    private static BitSet taken(String text) {
        BitSet taken = new BitSet();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= FIRST && c <= LAST) {
                taken.set(c);
            } else if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == 'u' || text.charAt(i + 1) == 'U')) {
                int digits = text.charAt(i + 1) == 'u' ? 4 : 8;
                if (i + 2 + digits <= text.length()) {
                    try {
                        long escaped = Long.parseLong(text.substring(i + 2, i + 2 + digits), 16);
                        if (escaped >= FIRST && escaped <= LAST) {
                            taken.set((int) escaped);
                        }
                    } catch (NumberFormatException notAnEscape) {
                        // a backslash and u followed by no hexadecimal number: no character
                    }
                }
            }
        }
        return taken;
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
