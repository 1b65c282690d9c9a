package io.flows.engine.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.util.HttpHostResolver;
import java.net.URI;

/**
 * Gives a reason to Micronaut's refusal of a request sent from a web page of another site (its protection of a
 * service on localhost against drive-by requests from any site the user's browser visits): it answers 403 with no
 * body, which told a developer trying a webhook from a browser-based HTTP tool nothing. Runs first so that its
 * response filter sees the refusal.
 *
 * <p>The reason is given only where Micronaut's own test holds (its {@code CorsFilter}: an {@code Origin} whose host
 * is not {@code localhost} or {@code 127.0.0.1}, on a request sent to {@code localhost} or a {@code 127.x} address),
 * and says just that: pages of other local origins and requests under other host names are not refused, so "browsers
 * may reach this service only from its own pages" claimed more than was checked.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-1000)
class ForeignOriginRefusal {

    private final HttpHostResolver hosts;

    /** Without a resolver Micronaut refuses nothing of the kind (nor is there anything to explain). */
    ForeignOriginRefusal(@Nullable HttpHostResolver hosts) {
        this.hosts = hosts;
    }

    @ResponseFilter
    void explain(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (hosts == null || origin == null || response.code() != HttpStatus.FORBIDDEN.getCode() || response.getBody().isPresent()
                || localOrigin(origin)) {
            return;
        }
        String host = hosts.resolve(request);
        if (host == null || !localHost(host)) {
            return;
        }
        response.contentType(ProblemJson.PROBLEM).body(ProblemJson.body(HttpStatus.FORBIDDEN, "refused: the request "
                + "was sent to " + host + " (a local address) by a web page whose Origin, " + origin + ", is not "
                + "localhost or 127.0.0.1. A service reached at a local address refuses such pages so that the sites a "
                + "browser visits cannot drive it. Send the request without an Origin header (from a server or a "
                + "command line), or from a page on localhost; see docs/security.md", null));
    }

    /** As Micronaut reads an origin: local when its host is {@code localhost} or {@code 127.0.0.1} exactly. */
    private static boolean localOrigin(String origin) {
        try {
            String name = URI.create(origin).getHost();
            return "localhost".equals(name) || "127.0.0.1".equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** As Micronaut reads the address a request was sent to (scheme and host, as resolved): local when so written. */
    private static boolean localHost(String host) {
        for (String scheme : new String[] {"http://", "https://", "ws://", "wss://"}) {
            if (host.startsWith(scheme + "localhost") || host.startsWith(scheme + "127.")) {
                return true;
            }
        }
        return false;
    }
}
