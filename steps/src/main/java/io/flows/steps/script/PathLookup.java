package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Answers the most common expressions, plain paths such as {@code input} or {@code steps.total.output.total},
 * without entering JavaScript: faster, and numbers keep their exact JSON text. Only a path whose every step
 * is an existing object field is answered here; anything else (a missing field, {@code length}, a null on
 * the way) goes to the sandbox, so results and errors stay exactly those of JavaScript.
 */
final class PathLookup {

    private static final Pattern PATH =
            Pattern.compile("\\s*[A-Za-z_$][A-Za-z0-9_$]*(\\s*\\.\\s*[A-Za-z_$][A-Za-z0-9_$]*)*\\s*");

    private PathLookup() {
    }

    /** The value at the path, or null when the expression is not a path that resolves to existing fields. */
    static JsonNode resolve(String expression, Map<String, JsonNode> bindings) {
        if (expression.length() > 500 || !PATH.matcher(expression).matches()) {
            return null;
        }
        String[] names = expression.split("\\.");
        JsonNode node = bindings.get(names[0].strip());
        for (int i = 1; i < names.length && node != null; i++) {
            node = node.isObject() ? node.get(names[i].strip()) : null;
        }
        return node == null ? null : node.deepCopy();
    }
}
