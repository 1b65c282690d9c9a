package io.flows.engine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.json.NulCharacters;
import io.flows.engine.api.ApiProblem;
import io.flows.steps.http.AddressPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A checked {@code POST /api/subscriptions} body: every refusal is a 400 naming the field. */
record SubscriptionRequest(String url, List<String> events, String flowId, String description) {

    private static final Set<String> FIELDS = Set.of("url", "events", "flowId", "description");
    private static final int MAX_URL = 2000;
    private static final int MAX_DESCRIPTION = 500;

    static SubscriptionRequest of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.badRequest("send a JSON object {url, events, flowId?, description?}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiProblem.badRequest("unknown field '" + name + "'; a subscription has url, events, flowId and description");
            }
        }
        return new SubscriptionRequest(url(body.get("url")), events(body.get("events")),
                optionalText(body.get("flowId"), "flowId", 100), optionalText(body.get("description"), "description", MAX_DESCRIPTION));
    }

    private static String url(JsonNode node) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw ApiProblem.badRequest("url is required: the absolute http(s) URL that receives the notifications");
        }
        String text = node.textValue().strip();
        if (text.length() > MAX_URL) {
            throw ApiProblem.badRequest("url is longer than " + MAX_URL + " characters");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("url '" + text + "' is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ApiProblem.badRequest("url '" + text + "' must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiProblem.badRequest("url '" + text + "' has no host");
        }
        if (AddressPolicy.alwaysDeniedLiteral(uri.getHost()) != null) {
            throw ApiProblem.badRequest("url '" + text + "' names a link-local or cloud-metadata address, which never receives notifications");
        }
        return text;
    }

    private static List<String> events(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiProblem.badRequest("events is required: a non-empty list of " + String.join(", ", ExecutionEvent.TYPES));
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode e : node) {
            if (!e.isTextual() || !ExecutionEvent.TYPES.contains(e.textValue())) {
                throw ApiProblem.badRequest("events has an unknown event " + e + "; known: " + String.join(", ", ExecutionEvent.TYPES));
            }
            out.add(e.textValue());
        }
        return new ArrayList<>(out);
    }

    private static String optionalText(JsonNode node, String field, int max) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw ApiProblem.badRequest(field + " must be a non-empty string when given");
        }
        if (node.textValue().length() > max) {
            throw ApiProblem.badRequest(field + " is longer than " + max + " characters");
        }
        if (NulCharacters.in(node.textValue())) {
            // PostgreSQL cannot store it (H2 can): refused on both
            throw ApiProblem.badRequest(field + " must not hold the NUL character (U+0000)");
        }
        return node.textValue();
    }
}
