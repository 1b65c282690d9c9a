package io.flows.dsl.parse;

/**
 * Bounds that keep hostile documents cheap to refuse.
 *
 * @param maxBytes   checked before any parsing
 * @param maxDepth   nesting of objects and arrays
 * @param maxAliases YAML aliases in one document (alias bombs)
 */
public record ParseLimits(int maxBytes, int maxDepth, int maxAliases) {

    public static ParseLimits defaults() {
        return new ParseLimits(1024 * 1024, 64, 100);
    }
}
