package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Reads and checks the fields of a request body, failing with {@link BadInput} that names the field. */
final class Fields {

    private Fields() {
    }

    static JsonNode object(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new BadInput("a JSON object body is required");
        }
        if (!body.isObject()) {
            throw new BadInput("the body must be a JSON object, not " + kind(body));
        }
        return body;
    }

    static String text(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new BadInput(path + " is required");
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new BadInput(path + " must be text, not " + kind(v));
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            throw new BadInput(path + " must not be empty");
        }
        return s;
    }

    static String optionalText(JsonNode parent, String field, String path, String fallback) {
        JsonNode v = parent.get(field);
        return v == null || v.isNull() ? fallback : text(parent, field, path);
    }

    /** A whole number of at least 1. */
    static int quantity(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new BadInput(path + " is required");
        }
        if (!v.isNumber() || !isWhole(v.decimalValue()) || v.decimalValue().signum() <= 0
                || v.decimalValue().compareTo(BigDecimal.valueOf(1_000_000)) > 0) {
            throw new BadInput(path + " must be a whole number from 1 to 1000000, not " + v);
        }
        return v.intValue();
    }

    /** A number of at least 0, e.g. a price. */
    static BigDecimal amount(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new BadInput(path + " is required");
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
            throw new BadInput(path + " must be a number of at least 0, not " + v);
        }
        return v.decimalValue();
    }

    static JsonNode array(JsonNode parent, String field, String path) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw new BadInput(path + " is required");
        }
        if (!v.isArray() || v.isEmpty()) {
            throw new BadInput(path + " must be a non-empty list, not " + (v.isArray() ? "an empty list" : kind(v)));
        }
        return v;
    }

    /** An identifier that is safe inside another id: letters, digits, '-', '_' and '.'. */
    static String id(JsonNode parent, String field, String path) {
        String s = text(parent, field, path);
        if (!s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new BadInput(path + " must be 1 to 64 letters, digits, '.', '_' or '-', not '" + s + "'");
        }
        return s;
    }

    private static boolean isWhole(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "text";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
