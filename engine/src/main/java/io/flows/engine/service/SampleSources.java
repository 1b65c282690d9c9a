package io.flows.engine.service;

import io.flows.engine.auth.ServingGuard;
import io.micronaut.runtime.server.EmbeddedServer;

/**
 * The bundled samples are written for the default address ({@code http://localhost:8080/sandbox/...});
 * a service on another port or host loads them pointed at its own sandbox, so that every sample runs
 * at once wherever the service listens.
 */
final class SampleSources {

    static final String WRITTEN_FOR = "http://localhost:8080/sandbox";
    private static final java.util.Set<String> WILDCARD = java.util.Set.of("0.0.0.0", "::", "[::]");

    private SampleSources() {
    }

    /** Where this server's sandbox partner answers, as seen from the server itself. */
    static String sandboxBase(EmbeddedServer server) {
        String host = server.getHost();
        // A wildcard or loopback address answers on localhost, as the samples are written; a specific
        // address may not, so it is kept.
        if (host == null || host.isBlank() || WILDCARD.contains(host) || ServingGuard.isLoopback(host)) {
            host = "localhost";
        } else if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return server.getScheme() + "://" + host + ":" + server.getPort() + "/sandbox";
    }

    /** The sample's source text with its sandbox addresses pointed at {@code sandbox}; comments stay. */
    static String pointedAt(String source, String sandbox) {
        return source.replace(WRITTEN_FOR + "/", sandbox + "/");
    }
}
