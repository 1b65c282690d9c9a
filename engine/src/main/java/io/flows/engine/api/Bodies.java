package io.flows.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.Jsons;
import io.micronaut.http.HttpStatus;
import java.util.Locale;

/** Reading request bodies: flows as JSON or YAML, trigger bodies as JSON. */
final class Bodies {

    private Bodies() {
    }

    /** The notation of a flow document from its Content-Type; 415 for anything else. */
    static Format flowFormat(String contentType) {
        String ct = contentType == null ? "application/json" : contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/json") || ct.contains("+json")) {
            return Format.JSON;
        }
        if (ct.startsWith("application/yaml") || ct.startsWith("text/yaml") || ct.startsWith("application/x-yaml")
                || ct.startsWith("text/x-yaml")) {
            return Format.YAML;
        }
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                "send a flow as application/json or application/yaml (also text/yaml), not " + contentType);
    }

    /** A trigger body: any JSON; empty means {}. */
    static JsonNode json(byte[] body) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return Jsons.parse(body);
        } catch (Jsons.TooDeep e) {
            throw ApiProblem.badRequest("the body " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getMessage());
        }
    }
}
