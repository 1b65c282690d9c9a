package io.flows.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.parse.FlowSyntaxException;
import io.flows.dsl.parse.Format;
import io.flows.dsl.validate.Problem;
import io.flows.engine.hooks.WebhookBodies;
import io.flows.engine.runtime.Jsons;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reading request bodies: flows as JSON or YAML, trigger bodies as JSON. */
final class Bodies {

    private Bodies() {
    }

    /** Netty's query decoder reads this many parameters and drops the rest without a word: more are refused. */
    static final int MAX_QUERY_PARAMETERS = 1024;

    /** Parameters as Netty's decoder counts them: pieces between {@code &} that are not empty. */
    private static int parameterCount(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return 0;
        }
        int count = 0;
        int start = 0;
        for (int i = 0; i <= rawQuery.length(); i++) {
            if (i == rawQuery.length() || rawQuery.charAt(i) == '&') {
                if (i > start) {
                    count++;
                }
                start = i + 1;
            }
        }
        return count;
    }

    /** Header values by name; a repeated header's values joined with commas, as HTTP allows for headers. */
    static Map<String, String> headers(HttpRequest<?> request) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }

    /**
     * The query parameters but {@code leftOut}: a parameter given once is its text, one given more often the list of
     * its texts, like a form's repeated fields (joining them with commas would lose where a value holding one ends).
     */
    static ObjectNode query(HttpRequest<?> request, Set<String> leftOut) {
        int given = parameterCount(request.getUri().getRawQuery());
        if (given > MAX_QUERY_PARAMETERS) {
            throw ApiProblem.badRequest("the query has " + given + " parameters; at most " + MAX_QUERY_PARAMETERS
                    + " are read (send more data in the body)");
        }
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        request.getParameters().forEach((name, values) -> {
            if (leftOut.contains(name)) {
                return;
            }
            if (values.size() == 1) {
                query.put(name, values.get(0));
            } else {
                ArrayNode list = query.putArray(name);
                values.forEach(list::add);
            }
        });
        return query;
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
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "send a flow as application/json or application/yaml (also text/yaml), not " + contentType);
    }

    /**
     * A flow body as the UTF-8 the flow parser reads: YAML in the charset its Content-Type declares
     * ({@code application/yaml; charset=iso-8859-1}), as webhooks read text; JSON is UTF-8 whatever its label says
     * (RFC 8259 gives it no charset parameter), as webhook and trigger bodies are.
     *
     * @throws FlowSyntaxException PARSE_ERROR when the bytes are not text in the declared charset
     */
    static byte[] flowBytes(String contentType, byte[] body) {
        Charset charset = flowFormat(contentType) == Format.JSON ? StandardCharsets.UTF_8 : WebhookBodies.charset(contentType);
        // US-ASCII is a part of UTF-8: a body labelled so but holding UTF-8 is read as it always was
        if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
            return body;
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString().getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new FlowSyntaxException(Problem.at("PARSE_ERROR", "", "the document is not valid " + charset.name()
                    + " text, the charset its Content-Type declares"));
        }
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
