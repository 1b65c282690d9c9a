package io.flows.engine.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.OutputStream;

/** Keeps step payloads in a trace bounded: a large one becomes {@code {"$truncated": true, bytes, preview}}. */
public final class Payloads {

    private static final ObjectMapper JSON = Jsons.MAPPER;
    private static final int PREVIEW_CHARS = 1000;

    private Payloads() {
    }

    public static JsonNode limit(JsonNode value, int maxBytes) {
        if (value == null || value.isValueNode() && !value.isTextual()) {
            return value;
        }
        // every step's payloads pass here: count the UTF-8 bytes as they are written, without building the text
        ByteCounter size = new ByteCounter();
        try {
            JSON.writeValue(size, value);
        } catch (IOException e) {
            return value;
        }
        if (size.bytes <= maxBytes) {
            return value;
        }
        String text;
        try {
            text = JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value;
        }
        return JsonNodeFactory.instance.objectNode()
                .put("$truncated", true)
                .put("bytes", size.bytes)
                .put("preview", text.substring(0, Math.min(PREVIEW_CHARS, text.length())));
    }

    private static final class ByteCounter extends OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
