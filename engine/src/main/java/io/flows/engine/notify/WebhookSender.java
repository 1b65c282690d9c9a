package io.flows.engine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.flows.engine.hooks.Signatures;
import io.flows.steps.StepFailure;
import io.flows.steps.http.HttpCall;
import io.flows.steps.http.HttpConnector;
import io.flows.steps.http.HttpSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends one attempt of a delivery as a Standard Webhook: {@code webhook-id} (the delivery's id, the
 * same on every attempt), {@code webhook-timestamp} (this attempt's time) and
 * {@code webhook-signature} over exactly the bytes sent, with a second signature from the previous
 * secret during a rotation's grace period.
 *
 * <p>It goes through the engine's guarded HTTP client ({@link HttpConnector}, an instance of its own):
 * every resolved address is checked, link-local and cloud-metadata addresses are never reached,
 * redirects are not followed, and each attempt has a deadline.
 */
@Singleton
class WebhookSender {

    private static final int MAX_LOGGED_ANSWER = 500;
    private static final int MAX_ERROR = 480;
    /**
     * Failures no later attempt can mend: the receiver's host is denied by the host policy (a policy change needs a
     * restart, and redelivery is there for that), or its URL cannot be called.
     */
    private static final Set<String> FINAL = Set.of("HOST_DENIED", "BAD_REQUEST");

    private final HttpConnector http;
    private final NotificationsConfig config;
    private final Clock clock;

    WebhookSender(NotificationsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.http = new HttpConnector(new HttpSettings(config.getAllowHosts(), config.getDenyHosts(),
                config.isAllowPrivateNetworks(), Math.max(1, config.getConcurrency()), 1024 * 1024, 0,
                config.getConnectTimeout()));
    }

    /**
     * What one attempt got: an HTTP status, or none with an error (timeout, refused, denied host...). {@code fin}:
     * no later attempt can do better (the host policy denies the receiver's host, or its URL cannot be called).
     */
    record Outcome(Integer statusCode, long durationMs, String error, String answer, boolean timedOut, boolean fin) {
        Outcome(Integer statusCode, long durationMs, String error, String answer, boolean timedOut) {
            this(statusCode, durationMs, error, answer, timedOut, false);
        }

        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    /** Why the host policy refuses {@code url} now (without a lookup: see {@link HttpConnector#hostRefusal}), or null. */
    String hostRefusal(String url) {
        return http.hostRefusal(url);
    }

    CompletableFuture<Outcome> send(SubscriptionRow subscription, DeliveryRow delivery) {
        Instant now = clock.instant();
        byte[] body = delivery.payload().getBytes(StandardCharsets.UTF_8);
        long seconds = now.getEpochSecond();
        String signature = Signatures.standardSignature(subscription.secret(), delivery.id(), seconds, body);
        if (subscription.previousSecret() != null && subscription.previousSecretUntil() != null
                && now.isBefore(subscription.previousSecretUntil())) {
            signature += " " + Signatures.standardSignature(subscription.previousSecret(), delivery.id(), seconds, body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", delivery.id());
        headers.put("webhook-timestamp", Long.toString(seconds));
        headers.put("webhook-signature", signature);
        HttpCall call = new HttpCall("POST", subscription.url(), headers, Map.of(), BinaryNode.valueOf(body));
        long started = System.nanoTime();
        return http.send(call, config.getTimeout()).handle((answer, failure) -> {
            if (failure == null) {
                String error = answer.status() >= 200 && answer.status() < 300 ? null : "HTTP " + answer.status();
                return new Outcome(answer.status(), answer.durationMs(), error, text(answer.body()), false);
            }
            long ms = (System.nanoTime() - started) / 1_000_000;
            Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (t instanceof StepFailure f && StepFailure.VALUE_TOO_DEEP.equals(f.code()) && f.details() != null
                    && f.details().path("status").isInt()) {
                // an answer too deep to read is still an answer: only its status counts here
                int status = f.details().path("status").intValue();
                return new Outcome(status, ms, status >= 200 && status < 300 ? null : "HTTP " + status,
                        "(a JSON answer nesting too deep to keep)", false);
            }
            if (t instanceof StepFailure f) {
                return new Outcome(null, ms, cut(f.code() + ": " + f.getMessage(), MAX_ERROR), null,
                        "STEP_TIMEOUT".equals(f.code()), FINAL.contains(f.code()));
            }
            return new Outcome(null, ms, cut(String.valueOf(t), MAX_ERROR), null, false);
        });
    }

    private static String text(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        // the receiver's text is kept in a text column: without NUL, which PostgreSQL cannot store
        return cut((body.isTextual() ? body.textValue() : body.toString()).replace('\0', '\uFFFD'), MAX_LOGGED_ANSWER);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    @PreDestroy
    void close() {
        http.close();
    }
}
