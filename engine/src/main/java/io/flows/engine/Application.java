package io.flows.engine;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Starts the Flows service: the REST API, the sandbox partners and (later) the editor. */
@OpenAPIDefinition(info = @Info(title = "Flows", version = "0.1", description = "Flows REST API"))
public final class Application {

    private Application() {
    }

    public static ApplicationContext start(String... args) {
        Map<String, Object> props = new HashMap<>();
        String url = System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", System.getProperty("datasources.default.url", ""));
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql")) {
            props.put("datasources.default.dialect", "POSTGRES");
        }
        ApplicationContext ctx = Micronaut.build(args).mainClass(Application.class).banner(false).properties(props).start();
        String host = ctx.getProperty("micronaut.server.host", String.class).orElse("127.0.0.1");
        var log = LoggerFactory.getLogger(Application.class);
        if (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1")) {
            log.info("authentication is off (no API tokens exist): listening on {} only", host);
        } else {
            log.warn("AUTHENTICATION IS OFF and the service listens on {} (micronaut.server.host was overridden): "
                    + "anyone who can reach this address can read and run every flow", host);
        }
        return ctx;
    }

    public static void main(String[] args) {
        start(args);
    }
}
