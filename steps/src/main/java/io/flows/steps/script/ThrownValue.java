package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.dsl.text.Abbreviation;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * What code threw when it threw something else than an Error ({@code throw 'out of stock'},
 * {@code throw {code: 'X', message: 'y'}}): the text its failure says, and the value itself as JSON for the
 * failure's details, bounded like a step payload in the trace.
 *
 * @param message the thrown text, or the thrown object's {@code message}, or else its JSON text (abbreviated)
 * @param json    the value, {@code {"$truncated": true, bytes, preview}} when its JSON is larger than
 *                {@link #MAX_BYTES}, or null when it has no JSON form (a function, a BigInt, a cycle)
 */
record ThrownValue(String message, JsonNode json) {

    static final int MAX_BYTES = 4096;
    private static final int PREVIEW_CHARS = 1000;
    private static final int MESSAGE_CHARS = 200;

    /** Reads the prelude's description {@code {message, json, tooLarge}}; null if it cannot be read. */
    static ThrownValue read(String description, ObjectMapper mapper) {
        try {
            JsonNode d = mapper.readTree(description);
            String text = d.path("json").isTextual() ? d.get("json").textValue() : null;
            JsonNode json = text == null ? null : value(text, mapper);
            if (json == null && d.path("tooLarge").asBoolean()) {
                json = JsonNodeFactory.instance.objectNode().put("$truncated", true);
            }
            String message = d.path("message").isTextual() ? d.get("message").textValue()
                    : text != null ? Abbreviation.of(text, MESSAGE_CHARS) : "a value that is neither an Error nor JSON";
            return new ThrownValue(wellFormed(message), json);
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode value(String text, ObjectMapper mapper) throws Exception {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return JsonNodeFactory.instance.objectNode().put("$truncated", true).put("bytes", bytes)
                    .put("preview", text.substring(0, Math.min(PREVIEW_CHARS, text.length())));
        }
        JsonNode tree = mapper.readTree(text);
        // the error is stored with the execution, and half a surrogate pair is not text a database keeps
        return LoneSurrogates.mayHold(text) && LoneSurrogates.find(tree) != null ? wellFormed(tree) : tree;
    }

    /** {@code text} with each half of a surrogate pair that has no other half replaced by U+FFFD. */
    static String wellFormed(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static JsonNode wellFormed(JsonNode node) {
        if (node.isTextual()) {
            return TextNode.valueOf(wellFormed(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.set(wellFormed(f.getKey()), wellFormed(f.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> out.add(wellFormed(e)));
            return out;
        }
        return node;
    }
}
