package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.ConnectorCall;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.Step;
import io.flows.steps.StepFailure;
import io.flows.steps.http.HttpAnswer;
import io.flows.steps.http.HttpCall;
import io.flows.steps.runtime.Attempt;
import io.flows.steps.runtime.ConnectionProfile;
import io.flows.steps.runtime.ConnectionProfile.ApiKey;
import io.flows.steps.runtime.ConnectionProfile.Basic;
import io.flows.steps.runtime.ConnectionProfile.Bearer;
import io.flows.steps.runtime.ConnectionProfile.OAuth2ClientCredentials;
import io.flows.steps.runtime.StepAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@code connection:} connector call. Each attempt looks the profile up in the node's environment
 * (so an edited profile applies to the next attempt), sends the request to the profile's base URL or
 * an allowed host, with the profile's headers under the step's own and its authentication on top.
 * Credentials are resolved from their secret references just before sending and recorded as
 * {@code ***}. An OAuth token the partner refuses with 401 is renewed once and the call repeated.
 */
final class ConnectionCall {

    static final String MASK = "***";

    private final String name;
    private final JsonNode request;
    private final Set<Integer> accepted;
    private final Duration stepTimeout;
    private final Duration nodeTimeout;
    private final OAuthTokens tokens;

    ConnectionCall(Step step, ConnectorCall config, Duration nodeTimeout, OAuthTokens tokens) {
        this.name = config.connection();
        this.request = config.with() == null ? JsonNodeFactory.instance.objectNode() : Json.tree(config.with());
        this.accepted = Set.copyOf(config.acceptStatus() == null ? List.of() : config.acceptStatus());
        this.stepTimeout = step.timeout() == null ? null : step.timeout().value();
        this.nodeTimeout = nodeTimeout;
        this.tokens = tokens;
    }

    StepAction action() {
        return attempt -> {
            var connections = attempt.services().connections();
            ConnectionProfile profile = connections.find(name).orElseThrow(() -> new StepFailure("CONNECTION_NOT_FOUND",
                    "connection '" + name + "' has no profile for environment '" + connections.environment()
                            + "' on this node", JsonNodeFactory.instance.objectNode().put("connection", name)
                            .put("environment", connections.environment()), false));
            Duration timeout = stepTimeout != null ? stepTimeout : profile.timeout() != null ? profile.timeout() : nodeTimeout;
            return new Sending(attempt, profile, System.nanoTime() + timeout.toNanos(), timeout).start()
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(naming(e, profile)));
        };
    }

    /**
     * A failure of a call through {@code profile}, its details naming the connection and environment as an
     * {@code HTTP_<status>} failure's do, whatever failed: the call, its token request, its deadline.
     */
    private static Throwable naming(Throwable e, ConnectionProfile profile) {
        if (!(StepFailure.cause(e) instanceof StepFailure f) || f.getClass() != StepFailure.class
                || f.details() != null && !f.details().isObject()) {
            return e;
        }
        ObjectNode details = f.details() == null ? JsonNodeFactory.instance.objectNode() : f.details().deepCopy();
        if (details.has("connection")) {
            return f;
        }
        details.put("connection", profile.name()).put("environment", profile.environment());
        return new StepFailure(f.code(), f.getMessage(), details, f.retryable());
    }

    /** One attempt's call: the request without its authentication, and the deadline all its legs share. */
    private final class Sending {
        private final Attempt attempt;
        private final ConnectionProfile profile;
        private final long deadline;
        private final Duration timeout;
        private final String usedBy;
        private String method;
        private String url;
        private Map<String, String> headers;
        private Set<String> masked;
        private Map<String, List<String>> query;
        private JsonNode body;

        Sending(Attempt attempt, ConnectionProfile profile, long deadline, Duration timeout) {
            this.attempt = attempt;
            this.profile = profile;
            this.deadline = deadline;
            this.timeout = timeout;
            this.usedBy = "connection '" + profile.name() + "' (" + profile.environment() + ")";
        }

        CompletableFuture<JsonNode> start() {
            JsonNode req = attempt.renderWithSecrets("with", request);
            method = req.path("method").asText("GET").toUpperCase(Locale.ROOT);
            JsonNode u = req.get("url");
            url = ConnectionTarget.resolve(profile, u == null || u.isNull() ? null : u.isTextual() ? u.asText() : u.toString());
            headers = new LinkedHashMap<>();
            masked = new LinkedHashSet<>();
            profile.headers().forEach((k, v) -> {
                put(k, SecretText.resolve(v, attempt.services().secrets(), usedBy), SecretText.hasReference(v));
            });
            ConnectorCallRuntime.texts(req.get("headers"), "with.headers").forEach((k, v) -> put(k, v, false));
            query = ConnectorCallRuntime.queryValues(req.get("query"));
            body = req.get("body");
            ConnectionProfile.Auth auth = profile.auth();
            if (auth instanceof Bearer b) {
                return send("Authorization", "Bearer " + secret(b.token()));
            }
            if (auth instanceof Basic b) {
                String pair = secret(b.username()) + ":" + secret(b.password());
                return send("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            if (auth instanceof ApiKey k) {
                return send(k.header(), secret(k.value()));
            }
            if (auth instanceof OAuth2ClientCredentials) {
                return withToken(true);
            }
            return send(null, null);
        }

        private CompletableFuture<JsonNode> withToken(boolean mayRenew) {
            return token().thenCompose(token ->
                    call("Authorization", "Bearer " + token.value()).thenCompose(answer -> {
                        if (answer.status() == 401 && mayRenew) {
                            tokens.refused(profile, token);
                            return withToken(false);
                        }
                        return CompletableFuture.completedFuture(finish(answer));
                    }));
        }

        /**
         * The token, waited for no longer than this attempt's deadline: a request another call started may
         * have a later one. Only this attempt's copy of the shared request times out.
         */
        private CompletableFuture<OAuthTokens.Token> token() {
            Duration left = remaining();
            CompletableFuture<OAuthTokens.Token> mine = new CompletableFuture<>();
            var timer = attempt.services().timers().schedule(() -> mine.completeExceptionally(timedOutForToken()),
                    left.toNanos(), TimeUnit.NANOSECONDS);
            mine.whenComplete((t, e) -> timer.cancel(false));
            ask(mine, left);
            return mine.exceptionallyCompose(e -> CompletableFuture.failedFuture(
                    deadlinePassed() && requestTimedOut(e) ? timedOutForToken() : e));
        }

        /**
         * Asks for the token on behalf of {@code mine}. A shared request that ran out of time while this attempt
         * still has some was another call's, sent with what was left of that call's deadline (an earlier one): this
         * attempt then asks again with its own, instead of failing by the other's (AUTH_FAILED '... did not finish
         * within 300ms' for a call allowed 5s). The request that failed has left the cache by then.
         */
        private void ask(CompletableFuture<OAuthTokens.Token> mine, Duration left) {
            tokens.token(profile, attempt.services(), left).whenComplete((token, e) -> {
                if (e == null) {
                    mine.complete(token);
                } else if (requestTimedOut(e) && !deadlinePassed() && !mine.isDone() && !attempt.stopped()) {
                    ask(mine, Duration.ofNanos(deadline - System.nanoTime()));
                } else {
                    mine.completeExceptionally(e);
                }
            });
        }

        /**
         * Whether the token request failed for want of time. It was given what was left of this attempt's deadline
         * and races the timer above: past the deadline its failure is this attempt's timeout, said as the timer
         * says it, not as the request's own (AUTH_FAILED, 'did not finish within 994ms').
         */
        private static boolean requestTimedOut(Throwable e) {
            return StepFailure.cause(e) instanceof StepFailure f && ("STEP_TIMEOUT".equals(f.code())
                    || f.details() != null && "STEP_TIMEOUT".equals(f.details().path("cause").asText()));
        }

        /** With the slack of a timer that fires a little early: a request's timeout is rounded down to milliseconds. */
        private boolean deadlinePassed() {
            return deadline - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(20);
        }

        private CompletableFuture<JsonNode> send(String authHeader, String authValue) {
            return call(authHeader, authValue).thenApply(this::finish);
        }

        private CompletableFuture<HttpAnswer> call(String authHeader, String authValue) {
            Map<String, String> sent = new LinkedHashMap<>(headers);
            Set<String> secretNames = new LinkedHashSet<>(masked);
            if (authHeader != null) {
                sent.keySet().removeIf(k -> k.equalsIgnoreCase(authHeader));
                sent.put(authHeader, authValue);
                secretNames.add(authHeader.toLowerCase(Locale.ROOT));
            }
            ObjectNode recorded = JsonNodeFactory.instance.objectNode().put("connection", profile.name())
                    .put("environment", profile.environment()).put("method", method).put("url", url);
            HttpCall call = new HttpCall(method, url, sent, query, body);
            ObjectNode shown = recorded.putObject("headers");
            call.headersSent().forEach((k, v) -> shown.put(k, secretNames.contains(k.toLowerCase(Locale.ROOT)) ? MASK : v));
            if (!query.isEmpty()) {
                recorded.set("query", ConnectorCallRuntime.recordedQuery(query));
            }
            if (body != null) {
                recorded.set("body", body);
            }
            attempt.trace().request(recorded);
            // not sent when the attempt was stopped while it waited for its token
            return attempt.send(call, remaining())
                    .exceptionallyCompose(e -> CompletableFuture.failedFuture(asAttemptTimeout(e)));
        }

        /**
         * The client's timeout said as this attempt's: it was given what was left of the deadline (294 ms, say),
         * which is no timeout the user set, and differs from one attempt to the next.
         */
        private Throwable asAttemptTimeout(Throwable e) {
            Throwable cause = StepFailure.cause(e);
            if (!(cause instanceof StepFailure f) || !"STEP_TIMEOUT".equals(f.code())) {
                return e;
            }
            ObjectNode details = f.details() instanceof ObjectNode d ? d.deepCopy() : JsonNodeFactory.instance.objectNode();
            return new StepFailure("STEP_TIMEOUT", timeoutMessage(), details.put("timeoutMs", timeout.toMillis()), true);
        }

        private JsonNode finish(HttpAnswer answer) {
            return ConnectorCallRuntime.outcome(attempt, answer, accepted, described(), JsonNodeFactory.instance
                    .objectNode().put("connection", profile.name()).put("environment", profile.environment()));
        }

        /** The call as its failures describe it: method, URL with the query, host and port. */
        private HttpCall described() {
            return new HttpCall(method, url, Map.of(), query == null ? Map.of() : query, null);
        }

        private void put(String header, String value, boolean secret) {
            headers.keySet().removeIf(k -> k.equalsIgnoreCase(header));
            masked.remove(header.toLowerCase(Locale.ROOT));
            headers.put(header, value);
            if (secret) {
                masked.add(header.toLowerCase(Locale.ROOT));
            }
        }

        private String secret(String reference) {
            return SecretText.resolve(reference, attempt.services().secrets(), usedBy);
        }

        /** What is left of the attempt's deadline for the next leg (token request, call, repeat after 401). */
        private Duration remaining() {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut();
            }
            return Duration.ofNanos(left);
        }

        private StepFailure timedOut() {
            return new StepFailure("STEP_TIMEOUT", timeoutMessage(), described().details()
                    .put("timeoutMs", timeout.toMillis()), true);
        }

        /**
         * The deadline passed while the call waited for its OAuth token: said as any other leg's timeout, the details
         * adding where the token was asked.
         */
        private StepFailure timedOutForToken() {
            StepFailure timedOut = timedOut();
            ((ObjectNode) timedOut.details()).put("tokenUrl", ((OAuth2ClientCredentials) profile.auth()).tokenUrl());
            return timedOut;
        }

        private String timeoutMessage() {
            return "Call through " + usedBy + " did not finish within " + DurationText.format(timeout);
        }
    }
}
