package io.flows.dsl.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the NUL character (U+0000) in text. JSON may carry it as {@code "\u0000"} and Java strings hold it, but
 * PostgreSQL refuses it in every text column (H2 takes it): text saved in a column of its own must not hold it,
 * or the same request succeeds on one database and fails on the other.
 */
public final class NulCharacters {

    private NulCharacters() {
    }

    public static boolean in(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    /** The first string or key holding a NUL, in document order; null when there is none. */
    public static TextFind.Found find(JsonNode root) {
        return TextFind.first(root, NulCharacters::in);
    }
}
