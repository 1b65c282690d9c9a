package io.flows.engine.api;

import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Gives a reason to Micronaut's refusal of a request sent from a web page of another origin (its protection of a
 * service on localhost against drive-by requests from any site the user's browser visits): it answers 403 with no
 * body, which told a developer trying a webhook from a browser-based HTTP tool nothing. Runs first so that its
 * response filter sees the refusal.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-1000)
class ForeignOriginRefusal {

    @ResponseFilter
    void explain(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || response.code() != HttpStatus.FORBIDDEN.getCode() || response.getBody().isPresent()) {
            return;
        }
        response.contentType(ProblemJson.PROBLEM).body(ProblemJson.body(HttpStatus.FORBIDDEN, "a request from a web page "
                + "of another origin (Origin: " + origin + ") is refused: browsers may reach this service only from its "
                + "own pages. Send the request from a server or a command line (no Origin header); see docs/security.md",
                null));
    }
}
