package io.flows.dsl.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * A string field split into literal text and {@code ${ ... }} expressions.
 *
 * <p>The expression text is JavaScript; its end is found by matching braces while skipping string,
 * template and regular-expression-free literal text, so {@code ${ {a: "}"} }} is one expression.
 * {@code $${} writes a literal {@code ${}. A template that is exactly one expression keeps the
 * expression's type when evaluated; otherwise the parts are joined as text.
 */
public record Template(List<Part> parts) {

    /** One piece of a template. */
    public sealed interface Part permits Literal, Expression {}

    /** Text copied as it is. */
    public record Literal(String text) implements Part {}

    /** A JavaScript expression; {@code offset} is where its text starts in the original string. */
    public record Expression(String source, int offset) implements Part {}

    public Template {
        parts = List.copyOf(parts);
    }

    /** True when the string holds at least one {@code ${}, so it needs evaluating. */
    public static boolean containsExpression(String text) {
        return text.contains("${");
    }

    /** The single expression this template consists of, or null if it has literal text too. */
    public Expression soleExpression() {
        return parts.size() == 1 && parts.get(0) instanceof Expression e ? e : null;
    }

    public boolean isLiteral() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    public List<Expression> expressions() {
        List<Expression> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Expression e) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Splits {@code text} into parts.
     *
     * @throws TemplateSyntaxException when a {@code ${} is never closed or an expression is empty
     */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                literal.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int start = i + 2;
                int end = findClosingBrace(text, start);
                if (end < 0) {
                    throw new TemplateSyntaxException("'${' at position " + i + " is never closed with '}'", i);
                }
                String source = text.substring(start, end);
                if (source.isBlank()) {
                    throw new TemplateSyntaxException("empty expression '${}' at position " + i, i);
                }
                if (literal.length() > 0) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Expression(source, start));
                i = end + 1;
            } else {
                literal.append(text.charAt(i));
                i++;
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(parts);
    }

    /** Index of the '}' that closes an expression starting at {@code from}, or -1. */
    private static int findClosingBrace(String s, int from) {
        int depth = 0;
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            switch (c) {
                case '\'', '"' -> i = skipQuoted(s, i, c);
                case '`' -> i = skipTemplateLiteral(s, i);
                case '{' -> depth++;
                case '}' -> {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                }
                default -> { }
            }
            if (i < 0) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    /** Returns the index of the closing quote (or -1). */
    private static int skipQuoted(String s, int open, char quote) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the index of the closing backtick, stepping over nested {@code ${...}} (or -1). */
    private static int skipTemplateLiteral(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '`') {
                return i;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int close = findClosingBrace(s, i + 2);
                if (close < 0) {
                    return -1;
                }
                i = close;
            }
        }
        return -1;
    }
}
