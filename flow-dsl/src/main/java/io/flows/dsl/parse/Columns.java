package io.flows.dsl.parse;

import com.fasterxml.jackson.core.JsonLocation;
import io.flows.dsl.validate.SourceLocation;

/**
 * Columns counted in characters as an editor shows them (Unicode code points), for JSON as for YAML. The YAML parser
 * counts so; the JSON parser counts UTF-16 units, two for an emoji or another character beyond U+FFFF, so a JSON
 * document's columns are counted again from the text.
 */
final class Columns {

    private final String text;

    /** @param text the JSON text the parser read, or {@code null} for YAML, whose parser's columns are kept */
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
        long offset = at.getCharOffset();
        if (text == null || offset < 0 || offset > text.length()) {
            return new SourceLocation(at.getLineNr(), at.getColumnNr());
        }
        int end = (int) offset;
        int lineStart = end;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
            lineStart--;
        }
        return new SourceLocation(at.getLineNr(), text.codePointCount(lineStart, end) + 1);
    }
}
