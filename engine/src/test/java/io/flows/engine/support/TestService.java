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

    /** One of several nodes sharing {@code database}, named {@code nodeId}, with the test settings. */
    public static EmbeddedServer node(TestDatabase database, String nodeId) {
        Map<String, Object> p = properties(database);
        p.put("flows.node-id", nodeId);
        return start(p);
    }

    /**
     * Starts a service; one that refuses to start has its context closed (ApplicationContext.run would leave it
     * running: its health monitor kept logging the refusal until the test JVM ended).
     */
    public static EmbeddedServer start(Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder().properties(properties).build();
        try {
            context.start(); // a refusal may come while it starts (ServingGuard runs before any work)
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            if (!server.isRunning()) {
                server.start();
            }
            return server;
        } catch (RuntimeException e) {
            try {
                context.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public static String baseUrl(EmbeddedServer server) {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** What stops a started service, for {@link #closeAll}; null for a service that never started. */
    public static AutoCloseable stopping(EmbeddedServer server) {
        return server == null ? null : server.getApplicationContext()::close;
    }

    /**
     * Closes each in turn (nulls skipped), also after an earlier one failed: a suite's service, then
     * what it used (partners, databases). The first failure is thrown, with the others suppressed in it.
     */
    public static void closeAll(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable r : resources) {
            try {
                if (r != null) {
                    r.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
