package io.flows.engine.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Starts the whole service on an ephemeral port of 127.0.0.1, as the API tests do. */
public final class TestService {

    private TestService() {
    }

    /**
     * Settings for a service on {@code database}, without the bundled samples; add or override
     * freely. Each call names a node of its own, so two services started from two calls are two
     * nodes sharing the database (start again from the same map to restart the same node).
     */
    public static Map<String, Object> properties(TestDatabase database) {
        Map<String, Object> p = new HashMap<>(database.properties());
        p.put("flows.node-id", "test-node-" + UUID.randomUUID().toString().substring(0, 8));
        p.put("micronaut.server.port", -1);
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("flows.load-samples", false);
        return p;
    }

    public static EmbeddedServer start(Map<String, Object> properties) {
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    public static String baseUrl(EmbeddedServer server) {
        return "http://127.0.0.1:" + server.getPort();
    }
}
