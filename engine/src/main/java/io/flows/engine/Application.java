package io.flows.engine;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.DependencyInjectionException;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Starts the Flows service: the REST API, the sandbox partners and the editor. Before anything runs,
 * {@code io.flows.engine.auth.ServingGuard} logs whether authentication is on and refuses a
 * non-loopback address while it is off (DESIGN.md §7). A start refused as configured ({@link StartRefused})
 * ends the process with its message alone.
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
        return new RefusalsToCaller().args(args).mainClass(Application.class).banner(false).properties(props).start();
    }

    /** Starts the service; one that refuses to start as configured says why in one log line and exits with 1. */
    public static void serve(String... args) {
        try {
            start(args);
        } catch (StartRefused refused) {
            // the context Micronaut built is left open, and its pools would keep the JVM up; nothing has run in it yet
            // (ServingGuard refuses before this node recovers or starts any work)
            LoggerFactory.getLogger(Application.class).error(refused.getMessage());
            System.exit(1);
        }
    }

    public static void main(String[] args) {
        serve(args);
    }

    /** How Micronaut's message for a setting it could not convert begins. */
    private static final String UNCONVERTED = "Error resolving property value [";

    /**
     * Micronaut's words for a setting it could not convert ("Error resolving property value [flows.retention]. Unable
     * to convert value [banana] to target type [Duration] ..."), the line of its message that says it; else null.
     */
    private static String unreadableSetting(Throwable thrown) {
        return Causes.of(thrown).filter(DependencyInjectionException.class::isInstance).map(Throwable::getMessage)
                .filter(m -> m != null && m.contains(UNCONVERTED))
                .map(m -> m.substring(m.indexOf(UNCONVERTED)).lines().findFirst().orElse("").strip())
                .findFirst().orElse(null);
    }

    /**
     * Micronaut, but a {@link StartRefused} reaches the caller: Micronaut logs any failure of the start with its stack
     * trace, under the message the operator needs, and exits.
     */
    private static final class RefusalsToCaller extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            StartRefused refused = StartRefused.in(exception);
            if (refused != null) {
                throw refused;
            }
            String unreadable = unreadableSetting(exception);
            if (unreadable != null) {
                // a setting's value of the wrong form (FLOWS_RETENTION=banana) is the operator's to mend: said in a
                // line, where Micronaut's dependency-injection trace buried it
                throw new StartRefused("a setting has a value Flows cannot read: " + unreadable
                        + " (durations are written 500ms, 90s, 12h, 30d; the settings are listed in docs/operations.md)");
            }
            super.handleStartupException(environment, exception);
        }
    }
}
