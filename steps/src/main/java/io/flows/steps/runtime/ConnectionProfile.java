package io.flows.steps.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One environment's variant of a named connection: where requests go and how they authenticate.
 * Credentials are secret references ({@code ${secrets.NAME}}), resolved per call.
 *
 * @param baseUrl       relative {@code with.url}s resolve against it
 * @param auth          how to authenticate, or null for none
 * @param headers       sent on every request (a step's own headers win)
 * @param timeout       per attempt, or null for the node's connector default
 * @param allowedHosts  hosts requests may go to (besides the base URL's); empty: the base URL's only
 */
public record ConnectionProfile(String name, String environment, String baseUrl, Auth auth,
                                Map<String, String> headers, Duration timeout, List<String> allowedHosts) {

    /**
     * Authentication of a connection.
     *
     * @param type one of {@code bearer}, {@code basic}, {@code api-key}, {@code oauth2-client-credentials}
     */
    public record Auth(String type, Map<String, String> settings) {
    }
}
