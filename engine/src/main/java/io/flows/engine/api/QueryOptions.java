package io.flows.engine.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.web.router.MethodBasedRouteMatch;
import io.micronaut.web.router.RouteAttributes;

/**
 * The query parameters an endpoint reads itself ({@code @QueryValue}: {@code wait}, {@code timeout}, {@code status},
 * {@code limit}, ...), unlike those it hands to a flow, which may repeat. Each may be given once: of two limits, or
 * {@code wait=true&wait=false}, none can be told to be the one meant (the framework would bind {@code "true,true"},
 * or fail to read {@code [1, 2]} as a number). An empty value, which a form sends for a field left blank, is the
 * same as none ({@link #given}).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(10)
public class QueryOptions {

    @RequestFilter
    void refuseRepeated(HttpRequest<?> request) {
        if (!(RouteAttributes.getRouteMatch(request).orElse(null) instanceof MethodBasedRouteMatch<?, ?> route)) {
            return;
        }
        for (Argument<?> argument : route.getArguments()) {
            if (argument.isAnnotationPresent(QueryValue.class)) {
                String name = argument.getAnnotationMetadata().stringValue(QueryValue.class).orElse(argument.getName());
                int given = request.getParameters().getAll(name).size();
                if (given > 1) {
                    throw ApiProblem.badRequest("the query parameter '" + name + "' is given " + given
                            + " times; give it once");
                }
            }
        }
    }

    /** The value of a query parameter, null when it is absent or empty ({@code ?status=}). */
    @Nullable
    public static String given(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * A yes-or-no query parameter: {@code true}/{@code false} (or 1/0, yes/no, on/off), {@code absent} when it is
     * absent or empty.
     *
     * @throws ApiProblem 400 for any other value, which must not pass for either
     */
    public static boolean flag(String name, @Nullable String value, boolean absent) {
        if (given(value) == null) {
            return absent;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw ApiProblem.badRequest(name + " must be true or false, not '" + value + "'");
        };
    }
}
