package io.flows.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RouteScopesTest {

    /** Paths that stay open on purpose, with or without tokens (docs/security.md). */
    static final List<String> OPEN = List.of("/hooks/**", "/health", "/health/**", "/sandbox/**", "/", "/flows*",
            "/assets/**", "/openapi/**",
            // Micronaut's sensitive management endpoints: it answers 401 to everyone without micronaut-security
            "/beans", "/threaddump", "/flyway", "/refresh");
    static final List<String> ADMIN_AREAS = List.of("/api/tokens", "/api/secrets", "/api/connections", "/api/subscriptions");

    @Test
    void mapsTheDocumentedRoutes() {
        assertThat(RouteScopes.required("GET", "/api/flows")).isEqualTo(Scope.FLOWS_READ);
        assertThat(RouteScopes.required("HEAD", "/api/flows/a")).isEqualTo(Scope.FLOWS_READ);
        assertThat(RouteScopes.required("GET", "/api/flows/a/executions")).isEqualTo(Scope.FLOWS_READ);
        assertThat(RouteScopes.required("POST", "/api/flows/a/executions")).isEqualTo(Scope.EXECUTIONS_RUN);
        assertThat(RouteScopes.required("POST", "/api/flows")).isEqualTo(Scope.FLOWS_WRITE);
        assertThat(RouteScopes.required("POST", "/api/flows/validate")).isEqualTo(Scope.FLOWS_READ);
        assertThat(RouteScopes.required("DELETE", "/api/flows/a")).isEqualTo(Scope.FLOWS_WRITE);
        assertThat(RouteScopes.required("GET", "/api/tokens")).isEqualTo(Scope.ADMIN);
        assertThat(RouteScopes.required("POST", "/api/secrets/X")).isEqualTo(Scope.ADMIN);
        assertThat(RouteScopes.required("PATCH", "/api/flows/a")).as("unmapped").isEqualTo(Scope.ADMIN);
        assertThat(RouteScopes.required("GET", "/api/anything-new")).as("unmapped").isEqualTo(Scope.ADMIN);
        assertThat(RouteScopes.required("GET", "/prometheus")).isEqualTo(Scope.METRICS_READ);
        assertThat(RouteScopes.required("GET", "/prometheus/")).isEqualTo(Scope.METRICS_READ);
        assertThat(guarded("/prometheus/")).isTrue();
        assertThat(guarded("/api/tokens")).isTrue();
        assertThat(guarded("/metrics/jvm.memory.used")).isTrue();
        assertThat(RouteScopes.required("GET", "/metrics/jvm.memory.used")).isEqualTo(Scope.METRICS_READ);
        assertThat(guarded("/hooks/orders")).isFalse();
    }

    static boolean guarded(String path) {
        return List.of(RouteScopes.API, RouteScopes.PROMETHEUS, RouteScopes.PROMETHEUS_BELOW, RouteScopes.METRICS, RouteScopes.METRICS_BELOW).stream()
                .anyMatch(p -> io.micronaut.core.util.PathMatcher.ANT.matches(p, path));
    }

    /** Fails when someone adds an /api route outside the admin areas without deciding its scope here. */
    @Test
    void everyApiRouteOfTheServiceHasADeliberateScope() throws Exception {
        try (TestDatabase db = TestDatabase.h2(); ApplicationContext ctx = ApplicationContext.run(TestService.properties(db))) {
            Map<String, Scope> unmapped = new TreeMap<>();
            List<String> seen = new java.util.ArrayList<>();
            ctx.getBean(Router.class).uriRoutes().forEach(r -> {
                seen.add(r.getHttpMethodName() + " " + r.getUriMatchTemplate());
                String path = r.getUriMatchTemplate().toString().replaceAll("\\{[^}]*}", "x");
                Scope s = RouteScopes.required(r.getHttpMethodName(), path);
                if (path.startsWith("/api/") && s == Scope.ADMIN && ADMIN_AREAS.stream().noneMatch(path::startsWith)) {
                    unmapped.put(r.getHttpMethodName() + " " + path, s);
                }
            });
            List<String> unguarded = seen.stream().map(r -> r.substring(r.indexOf(' ') + 1).replaceAll("\\{[^}]*}", "x"))
                    .filter(path -> !guarded(path) && OPEN.stream().noneMatch(o -> io.micronaut.core.util.PathMatcher.ANT.matches(o, path)))
                    .distinct().toList();
            assertThat(unguarded).as("routes neither guarded by AuthFilter nor deliberately open").isEmpty();
            assertThat(seen).contains("POST /api/flows/{id}/executions", "POST /api/tokens");
            assertThat(unmapped).as("routes that fall back to admin; add a row to RouteScopes.RULES").isEmpty();
        }
    }
}
