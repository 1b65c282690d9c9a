package io.flows.engine;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the Flows service: the REST API, the sandbox partners and the editor. Before the server binds,
 * {@code io.flows.engine.auth.ServingGuard} logs whether authentication is on and refuses a
 * non-loopback address while it is off (DESIGN.md §7).
 */
@OpenAPIDefinition(info = @Info(title = "Flows", version = "0.1", description = "Flows REST API"))
public final class Application {

    private static final String H2_OBJECT_CACHE = "h2.objectCache";

    private Application() {
    }

    public static ApplicationContext start(String... args) {
        // H2 keeps a cache of recent string values and hashes every string it is given to look it up; the
        // executions' JSON is long and never repeats, so the cache only costs time (about 1 % of W1's CPU)
        if (System.getProperty(H2_OBJECT_CACHE) == null) {
            System.setProperty(H2_OBJECT_CACHE, "false");
        }
        Map<String, Object> props = new HashMap<>();
        String url = System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", System.getProperty("datasources.default.url", ""));
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql")) {
            props.put("datasources.default.dialect", "POSTGRES");
        }
        ApplicationContext ctx = Micronaut.build(args).mainClass(Application.class).banner(false).properties(props).start();
        return ctx;
    }

    public static void main(String[] args) {
        start(args);
    }
}
