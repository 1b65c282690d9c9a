package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.ConnectorCall;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.http.HttpAnswer;
import io.flows.steps.http.HttpCall;
import io.flows.steps.http.RetryAfter;
import io.flows.steps.runtime.Attempt;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a system. {@code connector: http} (the default) sends the rendered request with the guarded HTTP client;
 * {@code uri:} sends the body to a Camel endpoint on the operator's allow-list. Output is
 * {@code {status, headers, body}}; a non-2xx answer fails with {@code HTTP_<status>} unless
 * {@code acceptStatus} lists it (408, 429 and 500 to 599 are retryable).
 */
public final class ConnectorCallRuntime implements StepRuntime<ConnectorCall> {

    private static final int BODY_PREVIEW = 500;
    /** The largest JSON answer a failure's details keep parsed (as a script's thrown value, ThrownValue). */
    private static final int BODY_JSON_MAX_BYTES = 4096;
    private final OAuthTokens tokens = new OAuthTokens();

    @Override
    public Class<ConnectorCall> configType() {
        return ConnectorCall.class;
    }

    @Override
    public Duration defaultTimeout(ConnectorCall config, RuntimeSettings settings) {
        return config.connection() != null ? null : settings.connectorTimeout(); // ConnectionCall keeps its own deadline
    }

    /** The HTTP client's deadline ends the call, and its failure names the URL; a Camel endpoint has none. */
    @Override
    public boolean keepsOwnDeadline(ConnectorCall config) {
        return config.uri() == null;
    }

    @Override
    public StepAction compile(Step step, ConnectorCall config, StepCompiler.Nested compiler) {
        if (config.uri() != null) {
            return new CamelEndpointCall(config.uri(), config.with(),
                    new CamelEndpointPolicy(compiler.settings().allowedComponents())).action();
        }
        if (config.connection() != null) {
            return new ConnectionCall(step, config, compiler.settings().connectorTimeout(), tokens).action();
        }
        JsonNode request = Json.tree(config.with());
        Set<Integer> accepted = Set.copyOf(config.acceptStatus() == null ? List.of() : config.acceptStatus());
        Duration timeout = step.timeout() != null ? step.timeout().value() : compiler.settings().connectorTimeout();
        return attempt -> send(attempt, attempt.renderWithSecrets("with", request), accepted, timeout);
    }

    private static CompletableFuture<JsonNode> send(Attempt attempt, JsonNode req, Set<Integer> accepted, Duration timeout) {
        String method = req.path("method").asText("GET").toUpperCase(Locale.ROOT);
        String url = text(req.get("url"), "with.url");
        HttpCall call = new HttpCall(method, url, texts(req.get("headers"), "with.headers"),
                queryValues(req.get("query")), req.get("body"));
        ObjectNode recorded = JsonNodeFactory.instance.objectNode().put("method", method).put("url", url);
        recorded.set("headers", Json.tree(call.headersSent()));
        if (!call.query().isEmpty()) {
            recorded.set("query", recordedQuery(call.query()));
        }
        if (call.body() != null) {
            recorded.set("body", call.body());
        }
        attempt.trace().request(recorded);
        return attempt.send(call, timeout).thenApply(answer -> outcome(attempt, answer, accepted, call, null));
    }

    /**
     * An answer as the step's output {@code {status, headers, body}} (recorded in the trace), or, when its status
     * is neither 2xx nor accepted, an {@code HTTP_<status>} failure (retryable for 408, 429 and 500 to 599) whose
     * details carry the status, what every failure of the connector says of the call (method, URL with its query,
     * host, port: of the URL that answered), {@code context}'s fields, the start of the body as text ({@code body})
     * and, when the partner answered JSON of at most 4 KB, the whole of it parsed ({@code bodyJson}).
     */
    static JsonNode outcome(Attempt attempt, HttpAnswer answer, Set<Integer> accepted, HttpCall call,
                            ObjectNode context) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("status", answer.status());
        out.set("headers", Json.tree(answer.headers()));
        out.set("body", answer.body());
        if (answer.bodyEncoding() != null) {
            out.put("bodyEncoding", answer.bodyEncoding()); // bytes (an image, a PDF): body is their base64 text
        }
        attempt.trace().response(traced(out, answer));
        int status = answer.status();
        if (status >= 200 && status <= 299 || accepted.contains(status)) {
            return out;
        }
        String body = answer.body() == null || answer.body().isNull() ? ""
                : answer.body().isTextual() ? answer.body().asText() : answer.body().toString();
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status);
        details.setAll(answer.url() != null ? HttpCall.details(call.method(), answer.url()) : call.details());
        String url = details.path("url").asText(call.url());
        String method = call.method();
        if (context != null) {
            details.setAll(context);
        }
        if (!answer.redirects().isEmpty()) {
            details.set("redirects", Json.tree(answer.redirects()));
        }
        String message = method + " " + url + " answered " + status;
        if (answer.unfollowedRedirect() != null) {
            details.put("location", answer.headers().get("location"));
            message += ": " + answer.unfollowedRedirect();
        }
        details.put("body", body.length() > BODY_PREVIEW ? body.substring(0, BODY_PREVIEW) + "..." : body);
        // body stays the text it always was (flows read it with JSON.parse); the parsed answer, as a successful
        // call's output has it, comes beside it when the partner answered JSON that is small enough to keep twice
        JsonNode json = answer.json();
        if (json != null && body.getBytes(StandardCharsets.UTF_8).length <= BODY_JSON_MAX_BYTES) {
            details.set("bodyJson", json);
        }
        boolean retryable = HttpAnswer.retryable(status);
        if (status == 429 || status == 503) {
            // the partner says when to come back; a retry waits at least that long (StepProcessor)
            Long wait = RetryAfter.millis(answer.headers().get("retry-after"), attempt.services().clock().instant());
            if (wait != null) {
                details.put(StepFailure.RETRY_AFTER_MS, wait);
            }
        }
        throw new StepFailure("HTTP_" + status, message, details, retryable);
    }

    /**
     * The answer as the trace shows it: the output, and what explains it without changing its shape — the redirects
     * followed, and why a body labelled JSON is text.
     */
    private static JsonNode traced(ObjectNode out, HttpAnswer answer) {
        if (answer.redirects().isEmpty() && answer.bodyParseError() == null) {
            return out;
        }
        ObjectNode shown = JsonNodeFactory.instance.objectNode().setAll(out);
        if (!answer.redirects().isEmpty()) {
            shown.set("redirects", Json.tree(answer.redirects()));
        }
        if (answer.bodyParseError() != null) {
            shown.put("bodyParseError", answer.bodyParseError());
        }
        return shown;
    }

    private static String text(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            throw StepFailure.permanent("BAD_REQUEST", field + " is missing");
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    /**
     * A {@code with.query} object as the texts of each parameter: a list is the parameter repeated, once per
     * element ({@code ids=1&ids=2}, as forms and most servers read it, and as Flows reads its own query); null is
     * left out; an object, having no common convention, is sent as its JSON text.
     */
    static Map<String, List<String>> queryValues(JsonNode v) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw StepFailure.permanent("BAD_REQUEST", "with.query must be an object");
        }
        v.fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            for (JsonNode x : e.getValue().isArray() ? e.getValue() : List.of(e.getValue())) {
                if (!x.isNull()) {
                    values.add(x.isTextual() ? x.asText() : x.toString());
                }
            }
            if (!values.isEmpty()) {
                out.put(e.getKey(), values);
            }
        });
        return out;
    }

    /** The query as the trace shows it: a parameter sent once as its text, a repeated one as the list of them. */
    static JsonNode recordedQuery(Map<String, List<String>> query) {
        ObjectNode shown = JsonNodeFactory.instance.objectNode();
        query.forEach((name, values) -> shown.set(name, values.size() == 1 ? Json.tree(values.get(0)) : Json.tree(values)));
        return shown;
    }

    /** A {@code with.headers} object as text values (numbers and objects as JSON). */
    static Map<String, String> texts(JsonNode v, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw StepFailure.permanent("BAD_REQUEST", field + " must be an object");
        }
        v.fields().forEachRemaining(e -> {
            JsonNode x = e.getValue();
            if (x != null && !x.isNull()) {
                out.put(e.getKey(), x.isTextual() ? x.asText() : x.toString());
            }
        });
        return out;
    }
}
