package io.flows.steps.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One environment's variant of a named connection: where requests go and how they authenticate.
 * Credentials are secret references ({@code ${secrets.NAME}}), resolved per call; header values may
 * hold them too.
 *
 * @param baseUrl       absolute http(s) URL; relative {@code with.url}s are appended to it
 * @param auth          how to authenticate, or null for none
 * @param headers       sent on every request (a step's own headers win)
 * @param timeout       per attempt, or null for the node's connector default
 * @param allowedHosts  hosts requests may go to besides the base URL's: names or {@code *.domain}
 */
public record ConnectionProfile(String name, String environment, String baseUrl, Auth auth,
                                Map<String, String> headers, Duration timeout, List<String> allowedHosts) {

    public ConnectionProfile {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }

    /** How a connection authenticates; secret values are references, never the values themselves. */
    public sealed interface Auth permits Bearer, Basic, ApiKey, OAuth2ClientCredentials {

        /** The name the API and the docs use for this kind of authentication. */
        String type();
    }

    /** {@code Authorization: Bearer <token>}. */
    public record Bearer(String token) implements Auth {
        public String type() {
            return "bearer";
        }
    }

    /** {@code Authorization: Basic base64(username:password)}. */
    public record Basic(String username, String password) implements Auth {
        public String type() {
            return "basic";
        }
    }

    /** A key sent in a header of its own, e.g. {@code X-API-Key}. */
    public record ApiKey(String header, String value) implements Auth {
        public String type() {
            return "api-key";
        }
    }

    /**
     * OAuth 2.0 client credentials (RFC 6749 §4.4): a token from {@code tokenUrl}, cached until it
     * expires, sent as a bearer token.
     *
     * @param scope               optional, space-separated
     * @param audience            optional (Auth0 and others want it)
     * @param clientAuthentication {@code basic} (the client id and secret in an Authorization header, as
     *                            RFC 6749 prefers) or {@code body} (in the form)
     */
    public record OAuth2ClientCredentials(String tokenUrl, String clientId, String clientSecret, String scope,
                                          String audience, String clientAuthentication) implements Auth {
        public String type() {
            return "oauth2-client-credentials";
        }
    }
}
