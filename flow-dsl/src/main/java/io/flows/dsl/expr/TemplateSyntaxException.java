package io.flows.dsl.expr;

/** A {@code ${...}} template whose braces do not balance or whose expression is empty. */
public class TemplateSyntaxException extends IllegalArgumentException {

    private final int position;

    public TemplateSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
