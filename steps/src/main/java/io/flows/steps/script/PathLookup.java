package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** What an expression is, worked out once per text: a path, a record of paths, or neither (empty). */
    private static final Lru<String, Optional<Shape>> SHAPES = new Lru<>(1024);

    private PathLookup() {
    }

    /** The expression's value, or null when it is not one of the shapes answered here (or a path does not resolve). */
    static JsonNode resolve(String expression, Map<String, JsonNode> bindings) {
        if (expression.length() > MAX_LENGTH) {
            return null;
        }
        return SHAPES.get(expression, PathLookup::shape).map(shape -> shape.value(bindings)).orElse(null);
    }

    private static Optional<Shape> shape(String expression) {
        if (PATH.matcher(expression).matches()) {
            return Optional.of(new Path(names(expression)));
        }
        Matcher record = RECORD.matcher(expression);
        return record.matches() ? Optional.ofNullable(record(record.group(1))) : Optional.empty();
    }

    private static Shape record(String entries) {
        List<Field> fields = new ArrayList<>();
        String[] parts = entries.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isBlank() && i == parts.length - 1 && i > 0) {
                break; // a trailing comma
            }
            if (parts[i].isBlank() && parts.length == 1) {
                break; // {}
            }
            Matcher entry = ENTRY.matcher(parts[i]);
            if (!entry.matches()) {
                return null;
            }
            String key = entry.group(1) != null ? entry.group(1) : entry.group(2) != null ? entry.group(2) : entry.group(3);
            if (key.equals("__proto__") || INDEX.matcher(key).matches()) {
                return null;
            }
            fields.add(new Field(key, names(entry.group(4))));
        }
        return new Record(fields);
    }

    private static String[] names(String path) {
        String[] names = path.split("\\.");
        for (int i = 0; i < names.length; i++) {
            names[i] = names[i].strip();
        }
        return names;
    }

    /** The node at a dotted path through objects, or null when a step is missing or not an object. */
    private static JsonNode at(String[] names, Map<String, JsonNode> bindings) {
        JsonNode node = bindings.get(names[0]);
        for (int i = 1; i < names.length && node != null; i++) {
            node = node.isObject() ? node.get(names[i]) : null;
        }
        return node;
    }

    private sealed interface Shape permits Path, Record {
        /** The value (a copy), or null when a path does not resolve. */
        JsonNode value(Map<String, JsonNode> bindings);
    }

    private record Path(String[] names) implements Shape {
        @Override
        public JsonNode value(Map<String, JsonNode> bindings) {
            JsonNode node = at(names, bindings);
            return node == null ? null : node.deepCopy();
        }
    }

    private record Field(String key, String[] path) {
    }

    private record Record(List<Field> fields) implements Shape {
        @Override
        public JsonNode value(Map<String, JsonNode> bindings) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Field field : fields) {
                JsonNode value = at(field.path(), bindings);
                if (value == null) {
                    return null;
                }
                // a repeated key keeps its first place and takes the last value, as in JavaScript
                out.set(field.key(), value.deepCopy());
            }
            return out;
        }
    }
}
