package io.flows.dsl.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.validate.Problem;
import io.flows.dsl.validate.Suggestions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one object (a step of a known kind, or the document's own fields) against its generated
 * schema and turns the validator's messages into {@link Problem}s with stable codes.
 */
public final class SchemaChecker {

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .build();
    /** Draft 2020-12 plus the editor hints, which carry no validation meaning. */
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
            .metaSchema(JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                    .keyword(new NonValidationKeyword(FlowSchemas.X_WIDGET))
                    .keyword(new NonValidationKeyword(FlowSchemas.X_STEPS))
                    .keyword(new NonValidationKeyword(FlowSchemas.X_EVALUATED))
                    .keyword(new NonValidationKeyword(FlowSchemas.X_SCOPE))
                    .keyword(new NonValidationKeyword("x-category"))
                    .build())
            .build();

    private static final JsonNode ANY = JsonNodeFactory.instance.objectNode();

    private final Map<String, JsonSchema> compiled = new HashMap<>();
    private final Map<String, ObjectNode> sources = new HashMap<>();

    public SchemaChecker() {
        FlowSchemas schemas = FlowSchemas.get();
        register("", schemas.flowShallow());
        for (String kind : io.flows.dsl.kinds.StepKinds.names()) {
            register(kind, schemas.kindShared(kind));
        }
    }

    private void register(String key, ObjectNode schema) {
        sources.put(key, schema);
        compiled.put(key, FACTORY.getSchema(schema, CONFIG));
    }

    /** The schema used for {@code kind} ("" for the document itself). */
    public ObjectNode schemaOf(String kind) {
        return sources.get(kind);
    }

    public List<Problem> check(String kind, JsonNode node, String basePath) {
        Set<ValidationMessage> messages = compiled.get(kind).validate(node);
        // mode: 5 breaks both type: string and the enum; the enum's problem alone says what to write
        Set<JsonNodePath> listed = new HashSet<>();
        messages.stream().filter(m -> m.getType().equals("enum") || m.getType().equals("const"))
                .forEach(m -> listed.add(m.getInstanceLocation()));
        List<Problem> problems = new ArrayList<>();
        for (ValidationMessage m : messages) {
            if (!(m.getType().equals("type") && listed.contains(m.getInstanceLocation()))) {
                problems.add(toProblem(m, sources.get(kind), node, basePath));
            }
        }
        problems.sort(Comparator.comparing(Problem::path).thenComparing(Problem::code));
        return problems;
    }

    private static Problem toProblem(ValidationMessage m, ObjectNode schema, JsonNode root, String basePath) {
        String path = toPath(basePath, m.getInstanceLocation());
        String keyword = m.getType();
        JsonNode schemaNode = m.getSchemaNode();
        JsonNode instance = m.getInstanceNode();
        switch (keyword) {
            case "required" -> {
                return Problem.at("MISSING_FIELD", Paths.field(path, m.getProperty()), "is required");
            }
            case "additionalProperties", "unevaluatedProperties" -> {
                String field = m.getProperty();
                List<String> known = new ArrayList<>();
                JsonNode props = schemaNode == null ? null : schemaNode.get("properties");
                if (props != null) {
                    props.fieldNames().forEachRemaining(known::add);
                }
                String hint = known.isEmpty() ? "" : Suggestions.didYouMean(field, known);
                return Problem.at("UNKNOWN_FIELD", Paths.field(path, field), "unknown field '" + field + "'" + hint);
            }
            case "type" -> {
                String expected = describeType(keywordValue(schemaNode, "type"));
                return Problem.at("WRONG_TYPE", path, "must be " + expected + ", not " + describeValue(instance));
            }
            case "pattern" -> {
                String value = instance == null ? "" : instance.asText();
                String pattern = keywordValue(schemaNode, "pattern") == null ? "" : keywordValue(schemaNode, "pattern").asText();
                if (pattern.equals(io.flows.dsl.model.DurationText.PATTERN)) {
                    return Problem.at("BAD_DURATION", path, "'" + value + "' is not a duration (use a number and ms, s, m or h, e.g. 500ms, 5s, 2m, 1h)");
                }
                if (path.equals("id")) {
                    return Problem.at("BAD_FLOW_ID", path, "'" + value + "' is not a flow id (lower-case letters, digits and '-', starting with a letter or digit)");
                }
                if (path.endsWith(".id")) {
                    return Problem.at("BAD_STEP_ID", path, "'" + value + "' is not a step id (a JavaScript identifier: letters, digits and '_', not starting with a digit)");
                }
                return Problem.at("INVALID_VALUE", path, "'" + value + "' does not match " + pattern);
            }
            case "enum" -> {
                return Problem.at("INVALID_VALUE", path, describeValue(instance) + " is not allowed; expected one of " + join(keywordValue(schemaNode, "enum")));
            }
            case "const" -> {
                return Problem.at("INVALID_VALUE", path, "must be " + keywordValue(schemaNode, "const"));
            }
            case "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum" -> {
                return Problem.at("OUT_OF_RANGE", path, range(keyword, keywordValue(schemaNode, keyword), holder(m, schema)) + ", not " + describeValue(instance));
            }
            case "maxLength" -> {
                return Problem.at("OUT_OF_RANGE", path, "is " + (instance == null ? 0 : instance.asText().length())
                        + " characters long; at most " + keywordValue(schemaNode, keyword) + " are allowed");
            }
            default -> {
                String msg = m.getMessage();
                int colon = msg.indexOf(": ");
                return Problem.at("INVALID_VALUE", path, colon > 0 ? msg.substring(colon + 2) : msg);
            }
        }
    }

    /** What a value must be: the whole allowed range when it has two ends. */
    private static String range(String keyword, JsonNode bound, JsonNode holder) {
        if (holder.has("minimum") && holder.has("maximum")) {
            return "must be between " + holder.get("minimum").asText() + " and " + holder.get("maximum").asText();
        }
        return (keyword.contains("inimum") ? "must be at least " : "must be at most ") + bound;
    }

    /** The schema object that holds the keyword of {@code m}. */
    private static JsonNode holder(ValidationMessage m, JsonNode schema) {
        JsonNodePath keyword = m.getSchemaLocation().getFragment();
        JsonNode node = schema;
        for (int i = 0; i < keyword.getNameCount() - 1; i++) {
            Object e = keyword.getElement(i);
            node = e instanceof Integer idx ? node.path(idx) : node.path(e.toString());
        }
        return node;
    }

    /** The validator hands over either the keyword's value or the schema object that holds it. */
    private static JsonNode keywordValue(JsonNode schemaNode, String keyword) {
        if (schemaNode == null) {
            return null;
        }
        return schemaNode.isObject() && schemaNode.has(keyword) ? schemaNode.get(keyword) : schemaNode;
    }

    private static String join(JsonNode values) {
        if (values == null || !values.isArray()) {
            return "a listed value";
        }
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(", ", out);
    }

    static String describeType(JsonNode type) {
        if (type == null) {
            return "another type";
        }
        if (type.isArray()) {
            List<String> out = new ArrayList<>();
            type.forEach(t -> out.add(article(t.asText())));
            return String.join(" or ", out);
        }
        return article(type.asText());
    }

    private static String article(String t) {
        return switch (t) {
            case "object" -> "an object";
            case "array" -> "a list";
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "string" -> "a string";
            default -> t;
        };
    }

    /** A value as a message names it: {@code a list}, {@code the string 'x'}, {@code the number 3}. */
    public static String describeValue(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            return "the string '" + v.asText() + "'";
        }
        if (v.isIntegralNumber()) {
            return "the number " + v.asText();
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        return v.toString();
    }

    private static String toPath(String base, JsonNodePath location) {
        String path = base;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object e = location.getElement(i);
            path = e instanceof Integer idx ? Paths.index(path, idx) : Paths.field(path, e.toString());
        }
        return path;
    }

    /**
     * Walks {@code schema} next to {@code node} and reports every nested step list slot found, in the order the engine
     * runs them (as {@link io.flows.dsl.model.StepTree} walks the model).
     */
    public static void forEachStepSlot(JsonNode schema, JsonNode node, String path, SlotVisitor visitor) {
        if (schema == null || node == null) {
            return;
        }
        String slot = schema.path(FlowSchemas.X_STEPS).asText("");
        if (slot.equals("list") && node.isArray()) {
            visitor.steps(path, node, schema);
            return;
        }
        if (slot.equals("map") && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isArray()) {
                    visitor.steps(Paths.field(path, e.getKey()), e.getValue(), schema);
                }
            }
            return;
        }
        JsonNode props = schema.get("properties");
        if (props != null && node.isObject()) {
            // the kind's fields in declaration order, the order the engine runs them in and reads "before" by: a
            // try's steps come before its catch however the document orders the two, a choice's when before its
            // otherwise; within a list, and among a parallel's branches, the document's order is the engine's
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode value = node.get(field.getKey());
                if (value != null) {
                    forEachStepSlot(field.getValue(), value, Paths.field(path, field.getKey()), visitor);
                }
            }
        }
        JsonNode items = schema.get("items");
        if (items != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                forEachStepSlot(items, node.get(i), Paths.index(path, i), visitor);
            }
        }
    }

    /** Receives each list of nested steps with its path and the schema of its slot. */
    @FunctionalInterface
    public interface SlotVisitor {
        void steps(String path, JsonNode list, JsonNode slotSchema);
    }

    /** How the engine reads a string of a flow document. */
    public enum TextUse {
        /** Kept as written: a {@code ${...}} in it stays text. */
        CONSTANT,
        /** A template: its {@code ${...}} are evaluated ({@code x-evaluated} on it or around it). */
        TEMPLATE,
        /** JavaScript code ({@code x-widget: code}). */
        CODE
    }

    /**
     * Visits every string of a whole flow document, as {@link #forEachText(JsonNode, JsonNode, String, TextVisitor)}
     * does: the document's own fields, then its steps, nested ones included. A step of no known kind is left out, with
     * what is nested in it: how the engine would read its strings is unknown, and the step is a problem already.
     */
    public void forEachTextOfFlow(JsonNode root, TextVisitor visitor) {
        forEachText(schemaOf(""), root, "", visitor);
        forEachStepSlot(schemaOf(""), root, "", (path, list, slot) -> forEachTextOfSteps(path, list, visitor));
    }

    private void forEachTextOfSteps(String listPath, JsonNode list, TextVisitor visitor) {
        for (int i = 0; i < list.size(); i++) {
            JsonNode step = list.get(i);
            JsonNode type = step.path("type");
            ObjectNode schema = type.isTextual() ? schemaOf(type.asText()) : null;
            if (schema != null && step.isObject()) {
                String path = Paths.index(listPath, i);
                forEachText(schema, step, path, visitor);
                forEachStepSlot(schema, step, path, (p, l, slot) -> forEachTextOfSteps(p, l, visitor));
            }
        }
    }

    /**
     * Visits every string of {@code node} (a step, or the document's own fields) outside its slots of nested steps,
     * in document order, saying how the engine reads it. Fields the schema does not know are left out.
     */
    public static void forEachText(JsonNode schema, JsonNode node, String path, TextVisitor visitor) {
        forEachText(schema, node, path, false, visitor);
    }

    private static void forEachText(JsonNode schema, JsonNode node, String path, boolean evaluated, TextVisitor visitor) {
        if (schema.has(FlowSchemas.X_STEPS)) {
            return;
        }
        boolean template = evaluated || schema.path(FlowSchemas.X_EVALUATED).asBoolean(false);
        if (node.isTextual()) {
            boolean code = "code".equals(schema.path(FlowSchemas.X_WIDGET).asText());
            visitor.text(path, node.asText(), code ? TextUse.CODE : template ? TextUse.TEMPLATE : TextUse.CONSTANT);
        } else if (node.isObject()) {
            JsonNode props = schema.get("properties");
            JsonNode others = schema.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode fieldSchema = props == null ? null : props.get(field.getKey());
                if (fieldSchema == null) {
                    // a map's values, or anything inside a value of any shape; an unknown field is an error already
                    fieldSchema = others != null && others.isObject() ? others : props == null ? ANY : null;
                }
                if (fieldSchema != null) {
                    forEachText(fieldSchema, field.getValue(), Paths.field(path, field.getKey()), template, visitor);
                }
            }
        } else if (node.isArray()) {
            JsonNode items = schema.get("items");
            for (int i = 0; i < node.size(); i++) {
                forEachText(items != null && items.isObject() ? items : ANY, node.get(i), Paths.index(path, i), template, visitor);
            }
        }
    }

    /** Receives a string with its path and how the engine reads it. */
    @FunctionalInterface
    public interface TextVisitor {
        void text(String path, String text, TextUse use);
    }
}
