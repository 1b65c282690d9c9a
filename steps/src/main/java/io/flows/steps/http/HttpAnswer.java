package io.flows.steps.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The partner's answer, whatever its status.
 *
 * <p>{@code headers} have lower-case names (repeated headers joined with {@code ", "});
 * {@code body} is parsed JSON when the content type is JSON (numbers keep their exact text), text
 * otherwise, and JSON null when the answer has no body. {@code durationMs} covers the whole call,
 * redirects included.
 */
public record HttpAnswer(int status, Map<String, String> headers, JsonNode body, long durationMs) {

    public HttpAnswer {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
}
