package io.flows.engine.api;

import io.flows.dsl.json.NulCharacters;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.List;
import java.util.Map;

/**
 * Refuses a request whose path, query or header values hold the NUL character ({@code %00}). Ids and names from
 * the URL are looked up, and some values stored, in text columns: PostgreSQL refuses NUL there (a 500), H2 takes
 * it (a 404, or a row that PostgreSQL could not hold), so the same request would be answered differently on each
 * database. No id, name or header of this service can hold one. Bodies are not concerned: JSON keeps a NUL as
 * {@code \u0000}, and the few fields stored as text are checked where they are read.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-100)
class NulFilter {

    @RequestFilter
    @Nullable
    HttpResponse<?> refuse(HttpRequest<?> request) {
        String where = find(request);
        if (where == null) {
            return null;
        }
        return HttpResponse.status(HttpStatus.BAD_REQUEST).contentType(ProblemJson.PROBLEM)
                .body(ProblemJson.body(HttpStatus.BAD_REQUEST, "the request's " + where
                        + " holds the NUL character (%00, U+0000), which no id, name or header of this service can hold",
                        null));
    }

    private static String find(HttpRequest<?> request) {
        String rawPath = request.getUri().getRawPath();
        if (rawPath != null && (rawPath.contains("%00") || NulCharacters.in(rawPath))) { // digits only: no case to fold
            return "path";
        }
        for (Map.Entry<String, List<String>> p : request.getParameters()) {
            if (NulCharacters.in(p.getKey()) || p.getValue().stream().anyMatch(NulCharacters::in)) {
                return "query parameter '" + p.getKey().replace('\0', '?') + "'";
            }
        }
        for (Map.Entry<String, List<String>> h : request.getHeaders()) {
            if (NulCharacters.in(h.getKey()) || h.getValue().stream().anyMatch(NulCharacters::in)) {
                return "header '" + h.getKey().replace('\0', '?') + "'";
            }
        }
        return null;
    }
}
