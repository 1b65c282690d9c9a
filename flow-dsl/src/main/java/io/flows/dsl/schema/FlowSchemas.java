package io.flows.dsl.schema;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Flow;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepCommon;
import io.flows.dsl.model.StepConfig;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas generated from the declarations: one per step kind (used by server-side validation
 * and by the editor's forms) and one for the whole document (editor completion, external tools).
 *
 * <p>Slots that hold nested steps are marked {@code x-steps: list} or {@code x-steps: map}; in a
 * kind's own schema their items are plain objects, because the validator checks each nested step
 * against its own kind. In the document schema they refer to {@code #/$defs/step}.
 */
public final class FlowSchemas {

    public static final String X_STEPS = "x-steps";
    public static final String X_WIDGET = "x-widget";
    /** The engine renders {@code ${...}} in this value and in everything nested in it. */
    public static final String X_EVALUATED = "x-evaluated";
    /** The names the steps of this slot see besides the usual ones. */
    public static final String X_SCOPE = "x-scope";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FlowSchemas INSTANCE = new FlowSchemas();

    private final SchemaGenerator generator;
    private final Map<String, ObjectNode> kindSchemas = new LinkedHashMap<>();
    private final ObjectNode flowSchema;
    private final ObjectNode flowShallow;

    private FlowSchemas() {
        this.generator = new SchemaGenerator(configure().build());
        for (Class<? extends StepConfig> kind : StepKinds.all()) {
            kindSchemas.put(StepKinds.kindOf(kind).name(), buildKindSchema(kind));
        }
        this.flowShallow = buildFlowShallow();
        this.flowSchema = buildFlowSchema();
    }

    public static FlowSchemas get() {
        return INSTANCE;
    }

    /** The schema of one kind's step object (common fields included); a copy the caller may change. */
    public ObjectNode kind(String name) {
        ObjectNode s = kindSchemas.get(name);
        return s == null ? null : s.deepCopy();
    }

    /** Internal, shared and not to be modified. */
    ObjectNode kindShared(String name) {
        return kindSchemas.get(name);
    }

    public ObjectNode flow() {
        return flowSchema.deepCopy();
    }

    private static SchemaGeneratorConfigBuilder configure() {
        SchemaGeneratorConfigBuilder b = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.INLINE_ALL_SCHEMAS, Option.ALLOF_CLEANUP_AT_THE_END)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // declaration order, not alphabetical: forms and docs show fields the way the records group them
        b.forTypesInGeneral().withPropertySorter((a, c) -> 0);
        b.forFields()
                .withTitleResolver(f -> text(field(f) == null ? "" : field(f).title()))
                .withDescriptionResolver(f -> text(field(f) == null ? "" : field(f).description()))
                .withRequiredCheck(f -> field(f) != null && field(f).required())
                .withDefaultResolver(f -> field(f) == null || field(f).defaultValue().isEmpty() ? null : parse(field(f).defaultValue()))
                .withNumberInclusiveMinimumResolver(f -> bound(declared(f) == null ? Double.NaN : declared(f).minimum(), f, false))
                .withNumberInclusiveMaximumResolver(f -> bound(declared(f) == null ? Double.NaN : declared(f).maximum(), f, true))
                .withInstanceAttributeOverride((node, f, ctx) -> {
                    Field a = field(f);
                    if (a != null && !a.widget().isEmpty() && !node.has(X_WIDGET)) {
                        node.put(X_WIDGET, a.widget());
                    }
                    if (a != null && a.evaluated()) {
                        node.put(X_EVALUATED, true);
                    }
                    String slot = f.isFakeContainerItemScope() ? null : stepSlot(f.getType());
                    if (slot != null) {
                        node.put(X_STEPS, slot);
                        if (a != null && a.scope().length > 0) {
                            ArrayNode names = node.putArray(X_SCOPE);
                            for (String name : a.scope()) {
                                names.add(name);
                            }
                        }
                    }
                });
        b.forTypesInGeneral().withCustomDefinitionProvider((type, ctx) -> {
            Class<?> raw = type.getErasedType();
            if (raw == DurationText.class) {
                ObjectNode n = JSON.createObjectNode().put("type", "string").put("pattern", DurationText.PATTERN);
                return new CustomDefinition(n, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
            }
            if (raw == Step.class) {
                return new CustomDefinition(JSON.createObjectNode().put("type", "object"),
                        CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
            }
            if (JsonNode.class.isAssignableFrom(raw)) {
                // any JSON value: no type-level attributes such as additionalProperties: false
                return new CustomDefinition(JSON.createObjectNode(), CustomDefinition.DefinitionType.INLINE,
                        CustomDefinition.AttributeInclusion.NO);
            }
            return null;
        });
        return b;
    }

    /** The field's annotation; null for the item scope of a list or map, so items stay plain. */
    private static Field field(FieldScope f) {
        return f.isFakeContainerItemScope() ? null : f.getAnnotationConsideringFieldAndGetter(Field.class);
    }

    /** The field's annotation, also in the scope of a list's items (whose bounds it declares). */
    private static Field declared(FieldScope f) {
        return f.getAnnotationConsideringFieldAndGetter(Field.class);
    }

    private static String text(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * The declared bound, else what the field's whole-number type holds: past that, binding would fail
     * with Jackson's own words ("out of range of long") instead of a located OUT_OF_RANGE.
     */
    private static BigDecimal bound(double declared, FieldScope f, boolean upper) {
        Class<?> type = f.getType().getErasedType();
        if (!Number.class.isAssignableFrom(type) && !type.isPrimitive()) {
            return null; // a list of numbers: its items get the bounds (their own scope), not the list
        }
        if (!Double.isNaN(declared)) {
            return declared == Math.rint(declared) ? BigDecimal.valueOf((long) declared) : BigDecimal.valueOf(declared);
        }
        if (type == Integer.class || type == int.class) {
            return BigDecimal.valueOf(upper ? Integer.MAX_VALUE : Integer.MIN_VALUE);
        }
        if (type == Long.class || type == long.class) {
            return BigDecimal.valueOf(upper ? Long.MAX_VALUE : Long.MIN_VALUE);
        }
        return null;
    }

    private static Object parse(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (Exception e) {
            throw new IllegalStateException("bad default " + json, e);
        }
    }

    /** "list" for {@code List<Step>}, "map" for {@code Map<String, List<Step>>}, else null. */
    private static String stepSlot(ResolvedType t) {
        if (isStepList(t)) {
            return "list";
        }
        if (Map.class.isAssignableFrom(t.getErasedType()) && t.getTypeParameters().size() == 2
                && isStepList(t.getTypeParameters().get(1))) {
            return "map";
        }
        return null;
    }

    private static boolean isStepList(ResolvedType t) {
        return List.class.isAssignableFrom(t.getErasedType()) && t.getTypeParameters().size() == 1
                && t.getTypeParameters().get(0).getErasedType() == Step.class;
    }

    private ObjectNode buildKindSchema(Class<? extends StepConfig> kind) {
        Kind k = StepKinds.kindOf(kind);
        ObjectNode common = generator.generateSchema(StepCommon.class);
        ObjectNode own = generator.generateSchema(kind);
        mergeTypeAndFieldParts(own);
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        schema.put("title", k.title());
        schema.put("description", k.description());
        schema.put("x-category", k.category());
        ObjectNode props = schema.putObject("properties");
        props.setAll((ObjectNode) common.get("properties"));
        ((ObjectNode) props.get("type")).removeAll().put("const", k.name()).put("title", "Type")
                .put("description", "The step kind: " + k.name() + ".");
        if (own.has("properties")) {
            props.setAll((ObjectNode) own.get("properties"));
        }
        ArrayNode required = schema.putArray("required");
        common.withArray("required").forEach(required::add);
        if (own.has("required")) {
            own.get("required").forEach(required::add);
        }
        ((ObjectNode) props.get("id")).put("pattern", "^[A-Za-z_][A-Za-z0-9_]*$");
        // retry.on takes error codes and HTTP statuses alike
        ((ObjectNode) props.at("/retry/properties/on")).putObject("items").putArray("type").add("string").add("integer");
        schema.put("additionalProperties", false);
        return schema;
    }

    /** The document's own fields, with nested steps as plain objects (each is checked against its kind). */
    ObjectNode flowShallow() {
        return flowShallow;
    }

    private ObjectNode buildFlowShallow() {
        ObjectNode schema = generator.generateSchema(Flow.class);
        mergeTypeAndFieldParts(schema);
        schema.put("title", "Flow");
        ObjectNode props = (ObjectNode) schema.get("properties");
        // the lengths are what the database keeps of them
        ((ObjectNode) props.get("id")).put("pattern", Flow.ID_PATTERN).put("maxLength", Flow.ID_MAX_LENGTH);
        ((ObjectNode) props.get("name")).put("maxLength", 500);
        ((ObjectNode) props.get("description")).put("maxLength", 4000);
        // the server adds these when it returns a flow; sending them back is allowed
        props.putObject("version").put("type", "integer").put("readOnly", true);
        props.putObject("createdAt").put("type", "string").put("readOnly", true);
        props.putObject("updatedAt").put("type", "string").put("readOnly", true);
        return schema;
    }

    private ObjectNode buildFlowSchema() {
        ObjectNode schema = flowShallow.deepCopy();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://flows.local/schema/flow.json");
        ObjectNode defs = schema.putObject("$defs");
        ObjectNode step = defs.putObject("step");
        step.put("type", "object");
        step.putArray("required").add("id").add("type");
        ObjectNode typeProp = step.putObject("properties").putObject("type");
        ArrayNode kindNames = typeProp.putArray("enum");
        ArrayNode allOf = step.putArray("allOf");
        for (Map.Entry<String, ObjectNode> e : kindSchemas.entrySet()) {
            kindNames.add(e.getKey());
            ObjectNode def = e.getValue().deepCopy();
            linkStepSlots(def);
            defs.set(e.getKey(), def);
            ObjectNode cond = allOf.addObject();
            cond.putObject("if").putObject("properties").putObject("type").put("const", e.getKey());
            cond.putObject("then").put("$ref", "#/$defs/" + e.getKey());
        }
        linkStepSlots(schema);
        requireByTriggerType((ObjectNode) schema.at("/properties/trigger"));
        return schema;
    }

    /**
     * What a trigger type requires, which the record cannot declare: a webhook its path, a schedule its cron. Only in
     * the published schema (the editor, external tools): validation says it with its own located problem.
     */
    private static void requireByTriggerType(ObjectNode trigger) {
        ArrayNode allOf = trigger.putArray("allOf");
        for (String[] typeAndField : new String[][] {{"webhook", "path"}, {"schedule", "cron"}}) {
            ObjectNode cond = allOf.addObject();
            ObjectNode when = cond.putObject("if");
            when.putObject("properties").putObject("type").put("const", typeAndField[0]);
            when.putArray("required").add("type");
            cond.putObject("then").putArray("required").add(typeAndField[1]);
        }
    }

    /**
     * Victools keeps a map-typed field as {@code allOf: [type part, field part]} when both carry
     * {@code additionalProperties}; one flat object is what the validator and the editor expect.
     */
    private static void mergeTypeAndFieldParts(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            JsonNode allOf = obj.get("allOf");
            if (allOf instanceof ArrayNode parts && parts.size() == 2 && parts.get(0).isObject() && parts.get(1).isObject()) {
                obj.remove("allOf");
                ObjectNode typePart = (ObjectNode) parts.get(0);
                ObjectNode fieldPart = ((ObjectNode) parts.get(1)).deepCopy();
                fieldPart.remove("additionalProperties");
                obj.setAll(typePart);
                obj.setAll(fieldPart);
            }
            obj.elements().forEachRemaining(FlowSchemas::mergeTypeAndFieldParts);
        } else if (node instanceof ArrayNode arr) {
            arr.forEach(FlowSchemas::mergeTypeAndFieldParts);
        }
    }

    /** Points every nested-step slot's items at {@code #/$defs/step}. */
    private static void linkStepSlots(JsonNode node) {
        if (node instanceof ObjectNode obj) {
            JsonNode slot = obj.get(X_STEPS);
            if (slot != null && slot.isTextual()) {
                ObjectNode stepRef = JSON.createObjectNode().put("$ref", "#/$defs/step");
                if ("list".equals(slot.asText())) {
                    obj.set("items", stepRef);
                } else {
                    obj.set("additionalProperties", JSON.createObjectNode().put("type", "array").set("items", stepRef));
                }
            }
            for (Iterator<JsonNode> it = obj.elements(); it.hasNext(); ) {
                linkStepSlots(it.next());
            }
        } else if (node instanceof ArrayNode arr) {
            arr.forEach(FlowSchemas::linkStepSlots);
        }
    }
}
