package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers the most common expressions without entering JavaScript: plain paths such as {@code input} or
 * {@code steps.total.output.total}, and object literals whose values are plain paths, such as
 * {@code { orderId: trigger.body.orderId, "total": steps.total.output.total }} (the usual shape of a flow's
 * output). Faster, and numbers keep their exact JSON text. Only what JavaScript would answer the same way is
 * answered here: every path must end at an existing field, reached through objects only, and a key must be
 * neither {@code __proto__} nor an array index (JavaScript treats those specially). Anything else (a missing
 * field, {@code length}, a null on the way, a spread, a call) goes to the sandbox, so results and errors stay
 * exactly those of JavaScript.
 */
final class PathLookup {

    private static final String NAME = Wrapping.IDENTIFIER;
    private static final Pattern PATH = Pattern.compile("\\s*" + NAME + "(\\s*\\.\\s*" + NAME + ")*\\s*");
    private static final Pattern RECORD = Pattern.compile("\\s*\\{(.*)}\\s*", Pattern.DOTALL);
    private static final Pattern ENTRY =
            Pattern.compile("\\s*(?:(" + NAME + ")|'([^'\\\\]*)'|\"([^\"\\\\]*)\")\\s*:(" + PATH.pattern() + ")");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]*");
    private static final int MAX_LENGTH = 2_000;

    private PathLookup() {
    }

    /** The expression's value, or null when it is not one of the shapes answered here (or a path does not resolve). */
    static JsonNode resolve(String expression, Map<String, JsonNode> bindings) {
        if (expression.length() > MAX_LENGTH) {
            return null;
        }
        if (PATH.matcher(expression).matches()) {
            JsonNode node = at(expression, bindings);
            return node == null ? null : node.deepCopy();
        }
        Matcher record = RECORD.matcher(expression);
        return record.matches() ? record(record.group(1), bindings) : null;
    }

    private static ObjectNode record(String entries, Map<String, JsonNode> bindings) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String[] parts = entries.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank() && i == parts.length - 1 && i > 0) {
                break; // a trailing comma
            }
            if (parts[i].isBlank() && parts.length == 1) {
                return out; // {}
            }
            Matcher entry = ENTRY.matcher(parts[i]);
            if (!entry.matches()) {
                return null;
            }
            String key = entry.group(1) != null ? entry.group(1) : entry.group(2) != null ? entry.group(2) : entry.group(3);
            if (key.equals("__proto__") || INDEX.matcher(key).matches()) {
                return null;
            }
            JsonNode value = at(entry.group(4), bindings);
            if (value == null) {
                return null;
            }
            out.set(key, value.deepCopy());
        }
        return out;
    }

    /** The node at a dotted path through objects, or null when a step is missing or not an object. */
    private static JsonNode at(String path, Map<String, JsonNode> bindings) {
        String[] names = path.split("\\.");
        JsonNode node = bindings.get(names[0].strip());
        for (int i = 1; i < names.length && node != null; i++) {
            node = node.isObject() ? node.get(names[i].strip()) : null;
        }
        return node;
    }
}
