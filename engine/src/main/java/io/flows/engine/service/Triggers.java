package io.flows.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The {@code trigger} an execution gets from the request that started it: what its steps read as {@code trigger}. */
public final class Triggers {

    /**
     * Credentials never reach a flow's steps, nor the stored execution or delivery (anyone with flows:read sees those):
     * the standard ones and the API-key headers that partners commonly use (docs/connections.md treats them alike).
     */
    private static final Set<String> PRIVATE_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "x-api-key", "api-key", "x-auth-token", "x-access-token");

    private Triggers() {
    }

    /** A REST start: body (an empty object when none), lower-cased headers, query (texts or lists of texts). */
    public static ObjectNode rest(JsonNode body, Map<String, String> headers, ObjectNode query) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("type", "manual");
        t.set("body", body == null ? JsonNodeFactory.instance.objectNode() : body);
        ObjectNode h = t.putObject("headers");
        headers.forEach((k, v) -> {
            String name = k.toLowerCase(Locale.ROOT);
            if (!isCredential(name)) {
                h.put(name, v);
            }
        });
        t.set("query", query);
        return t;
    }

    /** Whether a request header (its lower-case name) carries a credential, and is left out of what is kept. */
    public static boolean isCredential(String lowerCaseName) {
        return PRIVATE_HEADERS.contains(lowerCaseName);
    }

    /** A webhook delivery: parsed body (null when none), lower-cased headers, query. */
    public static ObjectNode webhook(JsonNode body, Map<String, String> headers, ObjectNode query) {
        ObjectNode t = rest(body, headers, query);
        t.put("type", "webhook");
        t.set("body", body == null ? JsonNodeFactory.instance.nullNode() : body);
        return t;
    }
}
