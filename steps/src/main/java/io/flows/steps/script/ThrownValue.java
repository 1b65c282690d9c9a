package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.dsl.text.Abbreviation;
import java.nio.charset.StandardCharsets;

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
            return new ThrownValue(LoneSurrogates.wellFormed(message), json);
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
        return LoneSurrogates.mayHold(text) ? LoneSurrogates.wellFormed(tree) : tree;
    }
}
