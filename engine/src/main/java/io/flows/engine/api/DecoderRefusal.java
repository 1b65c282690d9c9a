package io.flows.engine.api;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.handler.codec.DecoderResult;
import java.util.Optional;

/**
 * Why Netty's HTTP decoder refused a request, read from the request it made. The framework answers such a request
 * before routing (400 for one it could not read, 413 for one over a length limit) and hands over no cause: the
 * decoder's verdict stays on the request.
 */
final class DecoderRefusal {

    /** Netty's words may quote what the client sent (a Content-Length value): enough to see what is wrong. */
    private static final int MAX_REASON = 300;

    private DecoderRefusal() {
    }

    static Optional<Throwable> of(HttpRequest<?> request) {
        if (request instanceof NettyHttpRequest<?> r) {
            DecoderResult decoded = r.getNativeRequest().decoderResult();
            if (decoded.isFailure()) {
                return Optional.ofNullable(decoded.cause());
            }
        }
        return Optional.empty();
    }

    /**
     * The decoder's messages, outer first: "Validation failed for header 'X-A': a header value contains prohibited
     * character 0x1 at index 1."; the outer one alone would not say what failed.
     */
    static String reason(Throwable refusal) {
        StringBuilder text = new StringBuilder();
        Throwable t = refusal;
        for (int depth = 0; t != null && depth < 4; depth++, t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        if (text.isEmpty()) {
            return refusal.getClass().getSimpleName();
        }
        return text.length() <= MAX_REASON ? text.toString() : text.substring(0, MAX_REASON) + "…";
    }
}
