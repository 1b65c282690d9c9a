package io.flows.steps.script;

import java.util.Collection;
import java.util.Set;

/**
 * How user code is placed into the function the sandbox calls. User text always starts on the wrapper's
 * second line, so a wrapper line {@code n} is user line {@code n - 1} and columns are unchanged.
 */
final class Wrapping {

    static final String SCRIPT_NAME = "script.js";
    static final String EXPRESSION_NAME = "expression.js";
    /** A plain JavaScript identifier (ASCII only), as binding names and {@link PathLookup}'s paths use them. */
    static final String IDENTIFIER = "[A-Za-z_$][A-Za-z0-9_$]*";

    private static final Set<String> RESERVED = Set.of(
            "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do",
            "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "implements",
            "import", "in", "instanceof", "interface", "let", "new", "null", "package", "private", "protected",
            "public", "return", "static", "super", "switch", "this", "throw", "true", "try", "typeof", "var",
            "void", "while", "with", "yield", "arguments", "eval", "undefined", "NaN", "Infinity", "globalThis");

    private Wrapping() {
    }

    /**
     * A script body inside a strict function; the inner block lets the body declare {@code let input} without
     * clashing with the parameter of the same name.
     */
    static String script(Collection<String> params, String body) {
        return "(function (" + String.join(", ", params) + ") { 'use strict'; {\n" + body + "\n}})";
    }

    static String expression(Collection<String> params, String expression) {
        return "(function (" + String.join(", ", params) + ") { 'use strict'; return (\n" + expression + "\n);})";
    }

    /** An expression asked only whether it is true: JavaScript says so, whatever its value is. */
    static String condition(Collection<String> params, String expression) {
        return "(function (" + String.join(", ", params) + ") { 'use strict'; return !!(\n" + expression + "\n);})";
    }

    static void requireBindingName(String name) {
        if (name == null || !isIdentifier(name) || RESERVED.contains(name)) {
            throw new IllegalArgumentException("'" + name + "' cannot be a script binding: it must be a JavaScript"
                    + " identifier that is not a reserved word");
        }
    }

    /** Matches {@link #IDENTIFIER}; checked for every binding of every evaluation, so without a regex. */
    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !isIdentifierChar(name.charAt(0)) || name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isIdentifierChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdentifierChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$';
    }
}
