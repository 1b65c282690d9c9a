package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

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
        // every step's payloads pass here: count the UTF-8 bytes as they are written, keeping only the preview's,
        // never the whole text (a partner's answer of megabytes, many at once, filled the heap when it was built)
        ByteCounter size = new ByteCounter();
        try {
            JSON.writeValue(size, value);
        } catch (IOException e) {
            return value;
        }
        if (size.bytes <= maxBytes) {
            return value;
        }
        return JsonNodeFactory.instance.objectNode()
                .put("$truncated", true)
                .put("bytes", size.bytes)
                .put("preview", size.preview());
    }

    /** Counts the bytes written and keeps the first ones, enough for the preview's characters. */
    private static final class ByteCounter extends OutputStream {
        private static final int KEPT = PREVIEW_CHARS * 4; // no UTF-8 character takes more than 4 bytes
        private final byte[] first = new byte[KEPT];
        long bytes;

        @Override
        public void write(int b) {
            if (bytes < KEPT) {
                first[(int) bytes] = (byte) b;
            }
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (bytes < KEPT) {
                System.arraycopy(b, off, first, (int) bytes, (int) Math.min(len, KEPT - bytes));
            }
            bytes += len;
        }

        String preview() {
            String start = new String(first, 0, (int) Math.min(bytes, KEPT), StandardCharsets.UTF_8);
            int end = Math.min(PREVIEW_CHARS, start.length());
            // a character outside the BMP is two chars: never cut in half, which no JSON parser would take (Jackson
            // writes such characters as \\u escapes today, so only a change of its settings would bring them here)
            if (end > 0 && Character.isHighSurrogate(start.charAt(end - 1))) {
                end--;
            }
            return start.substring(0, end);
        }
    }
}
