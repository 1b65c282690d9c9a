package io.flows.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;

/** Keeps step payloads in a trace bounded: a large one becomes {@code {"$truncated": true, bytes, preview}}. */
public final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PREVIEW_CHARS = 1000;

    private Payloads() {
    }

    public static JsonNode limit(JsonNode value, int maxBytes) {
        if (value == null || value.isValueNode() && !value.isTextual()) {
            return value;
        }
        String text;
        try {
            text = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= maxBytes) {
            return value;
        }
        return JsonNodeFactory.instance.objectNode()
                .put("$truncated", true)
                .put("bytes", bytes)
                .put("preview", text.substring(0, Math.min(PREVIEW_CHARS, text.length())));
    }
}
