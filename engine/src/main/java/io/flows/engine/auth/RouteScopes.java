package io.flows.engine.auth;

import static io.flows.engine.auth.Scope.ADMIN;
import static io.flows.engine.auth.Scope.EXECUTIONS_RUN;
import static io.flows.engine.auth.Scope.FLOWS_READ;
import static io.flows.engine.auth.Scope.FLOWS_WRITE;
import static io.flows.engine.auth.Scope.METRICS_READ;

import io.micronaut.core.util.PathMatcher;
import java.util.List;

/**
 * The scope each protected route needs: the first row whose method and path pattern (Ant style)
 * match wins. A route no row names needs {@code admin}, so routes added later are closed until
 * someone decides otherwise here.
 */
final class RouteScopes {

    /** What {@link AuthFilter} guards; every other path of the service is open (see docs/security.md). */
    static final String API = "/api/**";
    static final String PROMETHEUS = "/prometheus";
    static final String PROMETHEUS_BELOW = "/prometheus/**";
    static final String METRICS = "/metrics";
    static final String METRICS_BELOW = "/metrics/**";

    record Rule(String method, String pattern, Scope scope) {
    }

    static final List<Rule> RULES = List.of(
            new Rule("POST", "/api/flows/*/executions", EXECUTIONS_RUN),
            new Rule("POST", "/api/executions/*/cancel", EXECUTIONS_RUN),
            new Rule("POST", "/api/executions/*/replay", EXECUTIONS_RUN),
            new Rule("POST", "/api/flows/validate", FLOWS_READ),
            new Rule("GET", "/api/flows", FLOWS_READ),
            new Rule("GET", "/api/flows/**", FLOWS_READ),
            new Rule("GET", "/api/executions/**", FLOWS_READ),
            new Rule("GET", "/api/hooks/deliveries", FLOWS_READ),
            new Rule("GET", "/api/hooks/deliveries/**", FLOWS_READ),
            new Rule("GET", "/api/schema/**", FLOWS_READ),
            new Rule("GET", "/api/steps", FLOWS_READ),
            // the editor's step form lists connections; profiles hold secret references, never values
            new Rule("GET", "/api/connections", FLOWS_READ),
            new Rule("GET", "/api/connections/**", FLOWS_READ),
            new Rule("POST", "/api/flows", FLOWS_WRITE),
            new Rule("PUT", "/api/flows/*", FLOWS_WRITE),
            new Rule("DELETE", "/api/flows/*", FLOWS_WRITE),
            new Rule("POST", "/api/flows/*/enable", FLOWS_WRITE),
            new Rule("POST", "/api/flows/*/disable", FLOWS_WRITE),
            new Rule("GET", "/prometheus/**", METRICS_READ),
            new Rule("GET", "/metrics/**", METRICS_READ),
            new Rule("*", "/api/tokens/**", ADMIN),
            new Rule("*", "/api/secrets/**", ADMIN),
            new Rule("*", "/api/connections/**", ADMIN),
            new Rule("*", "/api/subscriptions/**", ADMIN));

    private RouteScopes() {
    }

    static Scope required(String method, String path) {
        String m = method.equals("HEAD") ? "GET" : method;
        for (Rule r : RULES) {
            if ((r.method().equals("*") || r.method().equals(m)) && PathMatcher.ANT.matches(r.pattern(), path)) {
                return r.scope();
            }
        }
        return ADMIN;
    }
}
