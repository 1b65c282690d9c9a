package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Jackson set up the way Flows moves payloads: exact numbers, no surprises. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                            .maxNestingDepth(io.flows.dsl.json.JsonDepth.MAX_VALUE).build())
                    .streamWriteConstraints(io.flows.dsl.json.JsonDepth.documentWriting())
                    .build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    static JsonNode tree(Object value) {
        return value == null ? null : MAPPER.valueToTree(value);
    }
}
