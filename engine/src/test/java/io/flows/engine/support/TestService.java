package io.flows.engine.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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

    /** How a service process ended: its exit code and what it logged. */
    public record Exited(int code, List<String> lines) {
    }

    /**
     * As an operator starts it ({@code java ... io.flows.engine.cli.Main}, no arguments), in a process of its own on
     * {@code data} with no samples, an ephemeral port and {@code env} besides (the test's own FLOWS_, MICRONAUT_ and
     * DATASOURCES_ variables removed), for a start that is expected to end by itself within 60 s; with {@code args},
     * a command of the command line instead.
     */
    public static Exited runUntilItExits(Path data, Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", "io.flows.engine.cli.Main"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("FLOWS_") || k.startsWith("MICRONAUT_") || k.startsWith("DATASOURCES_"));
        e.put("FLOWS_DATA_DIR", data.toString());
        e.put("FLOWS_LOAD_SAMPLES", "false");
        e.put("MICRONAUT_SERVER_PORT", "-1");
        e.putAll(env);
        Path log = data.resolve("service.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("the service did not exit within 60 s:\n" + String.join("\n", Files.readAllLines(log)));
            }
        } finally {
            p.destroyForcibly();
        }
        return new Exited(p.exitValue(), Files.readAllLines(log));
    }
}
