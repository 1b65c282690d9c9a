package io.flows.dsl.docs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.schema.FlowSchemas;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Flattens a generated schema into one table row per field, nested objects included
 * ({@code with.method}, {@code when[].if}), in the order the record declares its components.
 */
final class FieldRows {

    /** One documented field; {@code path} is how a reader finds it in a step, e.g. {@code retry.delay}. */
    record Row(String path, String type, boolean required, String defaultValue, String constraints,
               String description, String steps, String widget) {
    }

    private FieldRows() {
    }

    /**
     * Rows for the properties {@code names} of {@code schema} and everything nested in them.
     *
     * @param record the record the properties were generated from, for their declaration order
     */
    static List<Row> of(JsonNode schema, Class<?> record, Set<String> names) {
        List<Row> rows = new ArrayList<>();
        collect(schema, record, "", names, rows);
        return rows;
    }

    private static void collect(JsonNode schema, Class<?> record, String prefix, Set<String> only, List<Row> rows) {
        JsonNode props = schema.path("properties");
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        for (String name : ordered(props, record)) {
            if (only != null && !only.contains(name)) {
                continue;
            }
            JsonNode field = props.get(name);
            String path = prefix + name;
            rows.add(row(path, field, required.contains(name)));
            Class<?> nested = nestedRecord(record, name);
            if (field.has("properties") && !field.has(FlowSchemas.X_STEPS)) {
                collect(field, nested, path + ".", null, rows);
            } else if (field.path("items").has("properties")) {
                collect(field.get("items"), nested, path + "[].", null, rows);
            }
        }
    }

    private static Row row(String path, JsonNode field, boolean required) {
        JsonNode def = field.get("default");
        String description = field.path("description").asText("");
        String title = field.path("title").asText("");
        String leaf = path.substring(path.lastIndexOf('.') + 1).replace("[]", "");
        if (description.isEmpty() && !title.equalsIgnoreCase(leaf)) {
            description = title;
        }
        return new Row(path, typeOf(field), required, def == null ? "" : def.isTextual() ? def.asText() : def.toString(),
                constraints(field), description, field.path(FlowSchemas.X_STEPS).asText(""),
                field.path(FlowSchemas.X_WIDGET).asText(""));
    }

    /** A reader's name for the field's type, with the editor hint where it says more than the JSON type. */
    static String typeOf(JsonNode field) {
        String slot = field.path(FlowSchemas.X_STEPS).asText("");
        if (slot.equals("list")) {
            return "list of steps";
        }
        if (slot.equals("map")) {
            return "map of name to list of steps";
        }
        if (DurationText.PATTERN.equals(field.path("pattern").asText(null))) {
            return "duration";
        }
        String base = baseType(field);
        return switch (field.path(FlowSchemas.X_WIDGET).asText("")) {
            case "code" -> base + " (JavaScript)";
            case "expression" -> base.equals("any") ? "expression" : base + " (expression)";
            case "json" -> base.equals("any") ? "any JSON" : base;
            case "mapping" -> base + " (mapping)";
            default -> base;
        };
    }

    private static String baseType(JsonNode field) {
        if (field.has("const")) {
            return "string";
        }
        JsonNode type = field.get("type");
        if (type == null) {
            return "any";
        }
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(t.asText()));
            return String.join(" or ", names);
        }
        return switch (type.asText()) {
            case "array" -> "list of " + plural(field.path("items"));
            case "object" -> field.has("properties") ? "object"
                    : field.has("additionalProperties") ? "map of " + baseType(field.get("additionalProperties")) : "object";
            default -> type.asText();
        };
    }

    private static String plural(JsonNode items) {
        if (items.has("properties")) {
            return "objects";
        }
        return baseType(items);
    }

    private static String constraints(JsonNode field) {
        List<String> out = new ArrayList<>();
        if (field.has("const")) {
            out.add("always `" + field.get("const").asText() + "`");
        }
        if (field.has("enum")) {
            List<String> values = new ArrayList<>();
            field.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
            out.add("one of " + String.join(", ", values));
        }
        JsonNode min = field.get("minimum");
        JsonNode max = field.get("maximum");
        if (min != null && max != null) {
            out.add(min.asText() + " to " + max.asText());
        } else if (min != null) {
            out.add("at least " + min.asText());
        } else if (max != null) {
            out.add("at most " + max.asText());
        }
        String pattern = field.path("pattern").asText("");
        if (!pattern.isEmpty() && !pattern.equals(DurationText.PATTERN)) {
            out.add("matches `" + pattern + "`");
        }
        return String.join("; ", out);
    }

    /** The schema's property names, in the record's component order; any others after them. */
    private static List<String> ordered(JsonNode props, Class<?> record) {
        Set<String> out = new LinkedHashSet<>();
        if (record != null && record.isRecord()) {
            for (RecordComponent c : record.getRecordComponents()) {
                String name = jsonName(c);
                if (props.has(name)) {
                    out.add(name);
                }
            }
        }
        for (Iterator<String> it = props.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return List.copyOf(out);
    }

    private static Class<?> nestedRecord(Class<?> record, String name) {
        if (record == null || !record.isRecord()) {
            return null;
        }
        for (RecordComponent c : record.getRecordComponents()) {
            if (jsonName(c).equals(name)) {
                Type t = c.getGenericType();
                if (t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                        && p.getActualTypeArguments()[0] instanceof Class<?> item) {
                    return item;
                }
                return c.getType();
            }
        }
        return null;
    }

    private static String jsonName(RecordComponent c) {
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        if (p == null) {
            p = c.getAnnotation(JsonProperty.class);
        }
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }
}
