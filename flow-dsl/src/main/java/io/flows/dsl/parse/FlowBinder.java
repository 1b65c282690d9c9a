package io.flows.dsl.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.model.Flow;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepCommon;
import io.flows.dsl.model.StepConfig;
import java.io.IOException;
import java.util.List;

/** Turns a validated JSON tree into {@link Flow} records. */
public final class FlowBinder {

    /** Fields the server adds to a flow it returns; accepted and ignored when sent back. */
    public static final List<String> SERVER_FIELDS = List.of("version", "createdAt", "updatedAt");
    private static final List<String> COMMON = List.of("id", "type", "name", "description", "timeout", "retry", "onError");

    private final ObjectMapper mapper;

    public FlowBinder() {
        SimpleModule module = new SimpleModule("flows-dsl");
        module.addDeserializer(Step.class, new StepDeserializer());
        this.mapper = JsonMapper.builder()
                .nodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true))
                .addModule(module)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
    }

    /** Binds a tree that {@link io.flows.dsl.validate.FlowValidator} accepted. */
    public Flow bind(JsonNode root) {
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        copy.remove(SERVER_FIELDS);
        try {
            return mapper.treeToValue(copy, Flow.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce("", String::concat);
            throw new FlowSyntaxException(io.flows.dsl.validate.Problem.at("INVALID_VALUE",
                    path.startsWith(".") ? path.substring(1) : path, e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FlowSyntaxException(io.flows.dsl.validate.Problem.at("INVALID_VALUE", "", e.getMessage()));
        }
    }

    private final class StepDeserializer extends JsonDeserializer<Step> {
        @Override
        public Step deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            ObjectNode node = p.readValueAsTree();
            String type = node.path("type").asText();
            Class<? extends StepConfig> kind = StepKinds.byName(type)
                    .orElseThrow(() -> new IllegalStateException("unknown step type " + type));
            ObjectNode commonPart = mapper.createObjectNode();
            ObjectNode own = node.deepCopy();
            for (String f : COMMON) {
                if (node.has(f)) {
                    commonPart.set(f, node.get(f));
                    own.remove(f);
                }
            }
            StepCommon c = mapper.treeToValue(commonPart, StepCommon.class);
            StepConfig config = mapper.treeToValue(own, kind);
            return new Step(c.id(), c.type(), c.name(), c.description(), c.timeout(), c.retry(), c.onError(), config);
        }
    }
}
