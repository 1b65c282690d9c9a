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
 * Refuses a request whose path holds a control character (U+0000 to U+001F, U+007F; {@code %0A}, say), or whose
 * query or header values hold the NUL character ({@code %00}), before anything is looked up.
 *
 * <p>No id, name or webhook path of this service can hold a control character, so such a path can only be a
 * mistake, and is told so rather than answered 404. The NUL character, anywhere: ids and names from the URL are
 * looked up, and some values stored, in text columns, where PostgreSQL refuses NUL (a 500) and H2 takes it (a 404,
 * or a row that PostgreSQL could not hold), so the same request would be answered differently on each database.
 * Other control characters in the query are a flow's input (a text with line breaks) and pass; in header values
 * the HTTP decoder already refuses them all but tab. Bodies are not concerned: JSON keeps a NUL as {@code \u0000},
 * and the few fields stored as text are checked where they are read.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(-100)
class ControlCharacterFilter {

    @RequestFilter
    @Nullable
    HttpResponse<?> refuse(HttpRequest<?> request) {
        String found = find(request);
        if (found == null) {
            return null;
        }
        return HttpResponse.status(HttpStatus.BAD_REQUEST).contentType(ProblemJson.PROBLEM)
                .body(ProblemJson.body(HttpStatus.BAD_REQUEST, "the request's " + found, null));
    }

    private static String find(HttpRequest<?> request) {
        String rawPath = request.getUri().getRawPath();
        int control = rawPath == null ? -1 : controlIn(rawPath);
        if (control == 0) {
            return "path holds the NUL character (%00, U+0000), which no id, name or header of this service can hold";
        }
        if (control > 0) {
            return "path holds the control character U+%04X (%%%02X), which no id, name or path of this service can hold"
                    .formatted(control, control);
        }
        for (Map.Entry<String, List<String>> p : request.getParameters()) {
            if (NulCharacters.in(p.getKey()) || p.getValue().stream().anyMatch(NulCharacters::in)) {
                return "query parameter '" + p.getKey().replace('\0', '?') + "' holds the NUL character (%00, U+0000), "
                        + "which no id, name or header of this service can hold";
            }
        }
        for (Map.Entry<String, List<String>> h : request.getHeaders()) {
            if (NulCharacters.in(h.getKey()) || h.getValue().stream().anyMatch(NulCharacters::in)) {
                return "header '" + h.getKey().replace('\0', '?') + "' holds the NUL character (%00, U+0000), "
                        + "which no id, name or header of this service can hold";
            }
        }
        return null;
    }

    /** The first control character in a raw path, written as it is or percent-encoded; -1 when there is none. */
    static int controlIn(String rawPath) {
        for (int i = 0; i < rawPath.length(); i++) {
            int c = rawPath.charAt(i);
            if (c == '%' && i + 2 < rawPath.length()) {
                int hi = Character.digit(rawPath.charAt(i + 1), 16);
                int lo = Character.digit(rawPath.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    c = hi * 16 + lo;
                    i += 2;
                }
            }
            if (c < 0x20 || c == 0x7F) {
                return c;
            }
        }
        return -1;
    }
}
