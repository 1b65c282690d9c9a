package io.flows.dsl.validate;

/** A 1-based line and column in a flow's source text. */
public record SourceLocation(int line, int column) {
}
