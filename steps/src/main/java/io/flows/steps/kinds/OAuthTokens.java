package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.steps.StepFailure;
import io.flows.steps.http.HttpAnswer;
import io.flows.steps.http.HttpCall;
import io.flows.steps.runtime.ConnectionProfile;
import io.flows.steps.runtime.ConnectionProfile.OAuth2ClientCredentials;
import io.flows.steps.runtime.StepServices;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.0 client-credentials tokens of a node, one per connection and environment. A token is used
 * until shortly before it expires; calls that need one while it is being fetched share that one
 * request; a token the partner refused (401) is dropped once so the next call fetches a new one. A
 * failed request is not cached. The token request goes through the same guarded HTTP client.
 */
final class OAuthTokens {

    /** Renew this long before expiry (at most 10 % of the lifetime), so no call carries an expiring token. */
    private static final Duration MAX_MARGIN = Duration.ofSeconds(30);
    /** When the token endpoint does not say ({@code expires_in} is optional in RFC 6749). */
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

    /** An access token and when to stop using it. */
    record Token(String value, Instant renewAt) {
    }

    private record Key(String connection, String environment) {
    }

    private record Entry(OAuth2ClientCredentials auth, CompletableFuture<Token> token) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    /** A usable token for the profile: the cached one, the one being fetched, or a new request. */
    CompletableFuture<Token> token(ConnectionProfile profile, StepServices services, Duration timeout) {
        OAuth2ClientCredentials auth = (OAuth2ClientCredentials) profile.auth();
        Key key = new Key(profile.name(), profile.environment());
        Instant now = services.clock().instant();
        CompletableFuture<Token> fresh = new CompletableFuture<>();
        Entry entry = entries.compute(key, (k, old) -> usable(old, auth, now) ? old : new Entry(auth, fresh));
        if (entry.token() == fresh) {
            CompletableFuture<Token> request;
            try {
                request = request(profile, auth, services, timeout);
            } catch (RuntimeException e) {
                request = CompletableFuture.failedFuture(e);
            }
            request.whenComplete((token, error) -> {
                if (error != null) {
                    entries.remove(key, entry);
                    fresh.completeExceptionally(StepFailure.cause(error));
                } else {
                    fresh.complete(token);
                }
            });
        }
        return entry.token();
    }

    /** Drops {@code refused} after a 401, unless another call has already replaced it. */
    void refused(ConnectionProfile profile, Token refused) {
        entries.computeIfPresent(new Key(profile.name(), profile.environment()),
                (k, e) -> e.token().isDone() && !e.token().isCompletedExceptionally() && e.token().join() == refused
                        ? null : e);
    }

    private static boolean usable(Entry entry, OAuth2ClientCredentials auth, Instant now) {
        if (entry == null || !entry.auth().equals(auth)) {
            return false;
        }
        CompletableFuture<Token> t = entry.token();
        return !t.isDone() || (!t.isCompletedExceptionally() && now.isBefore(t.join().renewAt()));
    }

    private static CompletableFuture<Token> request(ConnectionProfile profile, OAuth2ClientCredentials auth,
                                                    StepServices services, Duration timeout) {
        String usedBy = "connection '" + profile.name() + "' (" + profile.environment() + ")";
        String clientId = SecretText.resolve(auth.clientId(), services.secrets(), usedBy);
        String clientSecret = SecretText.resolve(auth.clientSecret(), services.secrets(), usedBy);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if ("body".equals(auth.clientAuthentication())) {
            form.append("&client_id=").append(encode(clientId)).append("&client_secret=").append(encode(clientSecret));
        } else {
            // RFC 6749 §2.3.1: both parts form-encoded before they are joined and base64-encoded
            String pair = encode(clientId) + ":" + encode(clientSecret);
            headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (auth.scope() != null && !auth.scope().isBlank()) {
            form.append("&scope=").append(encode(auth.scope()));
        }
        if (auth.audience() != null && !auth.audience().isBlank()) {
            form.append("&audience=").append(encode(auth.audience()));
        }
        HttpCall call = new HttpCall("POST", auth.tokenUrl(), headers, Map.of(), TextNode.valueOf(form.toString()));
        return services.http().send(call, timeout)
                .handle((answer, error) -> {
                    if (error != null) {
                        throw unreachable(usedBy, auth.tokenUrl(), error);
                    }
                    Token token = parse(answer, usedBy, auth.tokenUrl(), services.clock().instant());
                    services.secrets().mask(token.value()); // before any call carries it
                    return token;
                });
    }

    private static Token parse(HttpAnswer answer, String usedBy, String tokenUrl, Instant now) {
        JsonNode body = answer.body();
        if (body != null && body.isTextual()) {
            try {
                body = Json.MAPPER.readTree(body.textValue());
            } catch (Exception e) {
                // not JSON: reported below as an answer without a token
            }
        }
        JsonNode token = body == null ? null : body.get("access_token");
        if (answer.status() / 100 != 2 || token == null || !token.isTextual() || token.textValue().isBlank()) {
            ObjectNode details = HttpCall.details("POST", answer.url() != null ? answer.url() : tokenUrl)
                    .put("tokenUrl", tokenUrl).put("status", answer.status());
            String reason = answer.status() / 100 != 2 ? "answered " + answer.status() : "answered without an access_token";
            if (body != null && body.hasNonNull("error")) {
                details.put("error", body.get("error").asText());
                reason += " (" + body.get("error").asText() + ")";
                if (body.hasNonNull("error_description")) {
                    details.put("errorDescription", body.get("error_description").asText());
                }
            }
            boolean retryable = HttpAnswer.retryable(answer.status());
            throw new StepFailure("AUTH_FAILED", "The token endpoint of " + usedBy + " " + reason, details, retryable);
        }
        Duration lifetime = DEFAULT_LIFETIME;
        JsonNode expiresIn = body.get("expires_in");
        if (expiresIn != null && (expiresIn.isNumber() || expiresIn.isTextual()) && expiresIn.asLong(-1) > 0) {
            lifetime = Duration.ofSeconds(expiresIn.asLong());
        }
        Duration margin = lifetime.dividedBy(10).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(10) : MAX_MARGIN;
        return new Token(token.textValue(), now.plus(lifetime).minus(margin));
    }

    private static StepFailure unreachable(String usedBy, String tokenUrl, Throwable error) {
        Throwable cause = StepFailure.cause(error);
        ObjectNode details = HttpCall.details("POST", tokenUrl);
        boolean retryable = true;
        if (cause instanceof StepFailure f) {
            if (f.details() instanceof ObjectNode own) {
                // what the client said of the token request (its URL, host, port, timeout): the request that failed
                details.setAll(own);
                details.remove("cause");
            }
            details.put("cause", f.code());
            retryable = f.retryable();
        }
        details.put("tokenUrl", tokenUrl);
        return new StepFailure("AUTH_FAILED", "The token endpoint of " + usedBy + " could not be called: "
                + cause.getMessage(), details, retryable);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }
}
