package io.flows.steps.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;

/**
 * The partner's answer, whatever its status.
 *
 * <p>{@code headers} have lower-case names (repeated headers joined with {@code ", "});
 * {@code body} is parsed JSON when the content type is JSON (numbers keep their exact text), text
 * when it is textual, the base64 text of the bytes when it is binary ({@code bodyEncoding} is then {@code base64}),
 * and JSON null when the answer has no body. A body sent compressed (gzip, deflate) is given decoded.
 * {@code durationMs} covers the whole call, redirects included.
 *
 * @param redirects          the URLs the call was redirected to, in order; empty when it was not
 * @param unfollowedRedirect why this answer, a redirect with a {@code Location}, was not followed (too many
 *                           redirects, or not one followed for the method); null for any other answer
 * @param bodyParseError     why a body labelled JSON is given as its text; null when it parsed, or is not
 *                           labelled JSON
 * @param bodyEncoding       {@code base64} when the body is binary and given as the base64 text of its bytes; else null
 * @param url                the URL that gave this answer, its query included (after redirects, the last one); null
 *                           when not known
 */
public record HttpAnswer(int status, Map<String, String> headers, JsonNode body, long durationMs,
                         List<String> redirects, String unfollowedRedirect, String bodyParseError, String bodyEncoding,
                         String url) {

    public HttpAnswer {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        redirects = redirects == null ? List.of() : List.copyOf(redirects);
    }

    public HttpAnswer(int status, Map<String, String> headers, JsonNode body, long durationMs) {
        this(status, headers, body, durationMs, List.of(), null, null, null, null);
    }

    /**
     * Whether a call that got {@code status} may succeed when sent again: 408 (timeout), 429 (too many requests) and
     * the server errors 500 to 599. Not a status outside HTTP's range (999, say): nothing says what it means.
     */
    public static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500 && status <= 599;
    }

    /**
     * The body as the partner's JSON: labelled JSON and parsed (a JSON string included); null when it is text, or
     * there is none.
     */
    public JsonNode json() {
        if (body == null || body.isNull() || bodyParseError != null || bodyEncoding != null) {
            return null;
        }
        String type = headers.get("content-type");
        return !body.isTextual() || type != null && AnswerBodies.isJson(ContentType.parseLenient(type)) ? body : null;
    }
}
