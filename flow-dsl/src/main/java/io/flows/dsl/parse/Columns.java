package io.flows.dsl.parse;

import com.fasterxml.jackson.core.JsonLocation;
import io.flows.dsl.validate.SourceLocation;

/**
 * Columns counted in characters as an editor shows them (Unicode code points), for JSON as for YAML. The YAML parser
 * counts so; the JSON parser counts UTF-16 units, two for an emoji or another character beyond U+FFFF, so a JSON
 * document's columns are counted again from the text. Values are asked for in the order they are written, so the
 * count goes on from the last one asked (a minified document is one long line: counting each from its line's start
 * would take time by the square of its length).
 */
final class Columns {

    /** The JSON text the parser read, or {@code null} for YAML, whose parser's columns are kept. */
    private final String text;
    /** The UTF-16 offset counted up to, where its line starts, and its column there (code points, 1-based). */
    private int offset;
    private int lineStart;
    private int column = 1;

    private Columns(String text) {
        this.text = text;
    }

    static Columns of(Format format, String text) {
        return new Columns(format == Format.JSON ? text : null);
    }

    /** Where {@code at} is, or {@code null} when the parser did not say. */
    SourceLocation of(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) {
            return null;
        }
        long to = at.getCharOffset();
        if (text == null || to < 0 || to > text.length()) {
            return new SourceLocation(at.getLineNr(), at.getColumnNr());
        }
        if (to < offset) {
            offset = 0; // back before the last one asked (an error's location may be): counted from the start
            lineStart = 0;
            column = 1;
        }
        for (; offset < to; offset++) {
            char c = text.charAt(offset);
            if (c == '\n' || c == '\r') {
                lineStart = offset + 1;
                column = 1;
            } else if (!(Character.isLowSurrogate(c) && offset > lineStart
                    && Character.isHighSurrogate(text.charAt(offset - 1)))) {
                column++;
            }
        }
        return new SourceLocation(at.getLineNr(), column);
    }
}
