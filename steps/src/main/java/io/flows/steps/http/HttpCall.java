package io.flows.steps.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One outbound HTTP request as a flow describes it.
 *
 * <p>{@code body}: {@code null} (or JSON null) sends no body; a text node is sent as
 * {@code text/plain} unless a {@code content-type} header says otherwise; any other JSON is sent as
 * {@code application/json}. {@code query} entries are URL-encoded and appended to the URL's query,
 * a parameter once per value ({@code ids=1&ids=2}); a parameter without values is left out.
 */
public record HttpCall(
        String method, String url, Map<String, String> headers, Map<String, List<String>> query, JsonNode body) {

    public HttpCall {
        headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (query != null) {
            query.forEach((name, v) -> values.put(name, List.copyOf(v)));
        }
        query = Collections.unmodifiableMap(values);
    }

    /**
     * Headers the HTTP client sets itself, or that belong to one hop only: a flow's values for them are not
     * sent (and not recorded as sent).
     */
    static final java.util.Set<String> SET_BY_CLIENT = java.util.Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "expect");

    /** The headers as they are sent: without those the client sets itself. */
    public Map<String, String> headersSent() {
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.keySet().removeIf(name -> SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT)));
        return sent;
    }

    /**
     * What a failure of this call says of it, as the connector's own failures do: {@code method}, {@code url} (its
     * query included), {@code host} and {@code port}; the URL as written when it does not parse.
     */
    public ObjectNode details() {
        try {
            return Failures.details(method, TargetUrl.parse(url).withQuery(query));
        } catch (IllegalArgumentException unparsable) {
            ObjectNode details = Failures.details(method, null);
            if (url != null) {
                details.put("url", url);
            }
            return details;
        }
    }

    /** {@link #details()} of the URL that gave an answer, as {@link HttpAnswer#url()} has it. */
    public static ObjectNode details(String method, String url) {
        return new HttpCall(method, url, Map.of(), Map.of(), null).details();
    }

    public static HttpCall get(String url) {
        return new HttpCall("GET", url, Map.of(), Map.of(), null);
    }
}
