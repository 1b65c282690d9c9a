package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.ConnectorCall;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.StepAction;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.direct.DirectConsumerNotAvailableException;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A {@code uri:} connector call. The URI is a static string from the flow, so it is checked
 * before Camel sees it ({@link CamelEndpointPolicy}): its component must be on the operator's allow-list, and nothing
 * Camel would resolve — property placeholders, bean references, Simple — may appear in it. Headers from
 * the flow never include Camel's own ({@code Camel*}, any case).
 */
final class CamelEndpointCall {

    private final String uri;
    private final ConnectorCall.Request with;
    private final CamelEndpointPolicy policy;

    CamelEndpointCall(String uri, ConnectorCall.Request with, CamelEndpointPolicy policy) {
        this.uri = uri;
        this.with = with;
        this.policy = policy;
    }

    StepAction action() {
        String refusal = policy.refusal(uri);
        if (refusal != null) {
            return attempt -> CompletableFuture.failedFuture(StepFailure.permanent("ENDPOINT_DENIED", refusal));
        }
        JsonNode headers = with == null ? null : Json.tree(with.headers());
        JsonNode body = with == null ? null : with.body();
        return attempt -> {
            Endpoint endpoint;
            try {
                endpoint = attempt.services().camel().getEndpoint(uri);
            } catch (RuntimeException e) {
                // an option the component does not know, a malformed URI: Camel's message says which
                return CompletableFuture.failedFuture(StepFailure.permanent("BAD_REQUEST",
                        "endpoint URI '" + uri + "' cannot be used: " + e.getMessage()));
            }
            // as Camel reads it (direct://flows.x is direct:flows.x): the text's check may not have seen the route
            String resolvedRefusal = policy.resolvedRefusal(endpoint.getEndpointBaseUri());
            if (resolvedRefusal != null) {
                return CompletableFuture.failedFuture(StepFailure.permanent("ENDPOINT_DENIED", resolvedRefusal));
            }
            if (endpoint instanceof DirectEndpoint direct && direct.isBlock()) {
                // Camel's default is to wait up to 30 s for a route to start consuming; on a node every route has
                // started before anything calls it, so a direct: endpoint without a consumer now will not get one
                // while this call waits: it fails at once (ENDPOINT_UNAVAILABLE) instead
                direct.setBlock(false);
            }
            AsyncProducer producer;
            try {
                producer = endpoint.createAsyncProducer();
            } catch (Exception e) {
                return CompletableFuture.failedFuture(StepFailure.permanent("CONNECT_FAILED",
                        "endpoint " + scheme() + " cannot send: " + e.getMessage()));
            }
            ServiceHelper.startService(producer);
            Exchange exchange = endpoint.createExchange();
            JsonNode renderedHeaders = attempt.renderWithSecrets("with.headers", headers);
            if (renderedHeaders != null) {
                renderedHeaders.fields().forEachRemaining(e -> {
                    if (e.getKey().toLowerCase(Locale.ROOT).startsWith("camel")) {
                        throw StepFailure.permanent("BAD_REQUEST", "header '" + e.getKey() + "' is reserved for Camel");
                    }
                    exchange.getMessage().setHeader(e.getKey(), e.getValue().asText());
                });
            }
            JsonNode payload = body == null ? attempt.input() : attempt.renderWithSecrets("with.body", body);
            exchange.getMessage().setBody(payload.isTextual() ? payload.asText() : payload.toString());
            ObjectNode recorded = JsonNodeFactory.instance.objectNode().put("uri", uri);
            recorded.set("body", payload);
            attempt.trace().request(recorded);
            CompletableFuture<JsonNode> done = new CompletableFuture<>();
            // a synchronous component (direct: to a slow route, most blocking clients) holds the thread that calls
            // it until it answers: a thread of its own, which a timeout or cancel interrupts, never a worker
            Future<?> call = attempt.services().endpointCalls().submit(() -> producer.process(exchange, doneSync -> {
                ServiceHelper.stopService(producer);
                if (exchange.getException() instanceof DirectConsumerNotAvailableException) {
                    done.completeExceptionally(new StepFailure("ENDPOINT_UNAVAILABLE", "endpoint '" + uri
                            + "' has no route consuming from it", JsonNodeFactory.instance.objectNode().put("uri", uri),
                            false));
                    return;
                }
                if (exchange.getException() != null) {
                    done.completeExceptionally(StepFailure.retryable("CONNECT_FAILED",
                            "endpoint " + scheme() + " failed: " + exchange.getException().getMessage()));
                    return;
                }
                Object answer = exchange.getMessage().getBody();
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                try {
                    out.set("body", toJson(answer));
                } catch (StepFailure f) {
                    done.completeExceptionally(f);
                    return;
                }
                attempt.trace().response(out);
                done.complete(out);
            }));
            attempt.onAbort(() -> {
                call.cancel(true);
                ServiceHelper.stopService(producer);
            });
            return done;
        };
    }

    private String scheme() {
        return CamelEndpointPolicy.scheme(uri);
    }

    private static JsonNode toJson(Object answer) {
        if (answer == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (answer instanceof JsonNode n) {
            return n;
        }
        String text = answer instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : answer.toString();
        try {
            return Json.MAPPER.readTree(text);
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
                throw StepFailure.permanent(StepFailure.VALUE_TOO_DEEP, "the endpoint's JSON answer nests more than "
                        + io.flows.dsl.json.JsonDepth.MAX_VALUE + " levels of objects and arrays, the limit");
            }
            return JsonNodeFactory.instance.textNode(text);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }
}
