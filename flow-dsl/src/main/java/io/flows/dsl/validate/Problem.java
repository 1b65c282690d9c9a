package io.flows.dsl.validate;

import io.flows.dsl.json.LoneSurrogates;

/**
 * One thing wrong with a flow document.
 *
 * @param code    stable UPPER_SNAKE code, e.g. {@code UNKNOWN_STEP_KIND}
 * @param path    where in the document, e.g. {@code steps[1].retry.maxAttempts}; empty for the root
 * @param line    1-based line in the source, or null when unknown
 * @param column  1-based column in the source, or null when unknown
 * @param message what is wrong and what was expected
 */
public record Problem(String code, String path, Integer line, Integer column, String message) {

    public static Problem at(String code, String path, String message) {
        return new Problem(code, path, null, null, message);
    }

    public Problem located(SourceLocation location) {
        return location == null ? this : new Problem(code, path, location.line(), location.column(), message);
    }

    /**
     * This problem with half a surrogate pair in its path or message (a key or a value of the document quoted, see
     * LONE_SURROGATE) replaced by U+FFFD: what the answer names must be text that can be written.
     */
    public Problem wellFormed() {
        String p = LoneSurrogates.wellFormed(path);
        String m = LoneSurrogates.wellFormed(message);
        return p == path && m == message ? this : new Problem(code, p, line, column, m);
    }

    /** {@code steps[1].retry.maxAttempts: must be at least 1 (line 14, column 22)}. */
    @Override
    public String toString() {
        String where = line == null ? "" : " (line " + line + ", column " + column + ")";
        return (path.isEmpty() ? "" : path + ": ") + message + where;
    }
}
