package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.steps.StepFailure;
import io.flows.steps.runtime.ConnectionProfile;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a connection call goes: a relative {@code with.url} is appended to the profile's base URL
 * (as HTTP clients with a base URL do, so {@code /orders} under {@code https://erp/api/v2} is
 * {@code https://erp/api/v2/orders}); an absolute one must name the base URL's host or one of the
 * profile's allowed hosts. The operator's host policy (SSRF guard) still applies to every call.
 */
final class ConnectionTarget {

    private ConnectionTarget() {
    }

    /** The URL to call; {@code HOST_DENIED} when its host is not the connection's. */
    static String resolve(ConnectionProfile profile, String url) {
        String target = url == null || url.isBlank() ? profile.baseUrl() : isAbsolute(url) ? url.strip()
                : strip(profile.baseUrl(), '/', false) + "/" + strip(url.strip(), '/', true);
        String host = host(target);
        if (host != null && (host.equals(host(profile.baseUrl())) || allowed(profile, host))) {
            return target;
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("url", target)
                .put("connection", profile.name()).put("environment", profile.environment());
        if (host != null) {
            details.put("host", host);
        }
        details.set("allowedHosts", Json.tree(profile.allowedHosts()));
        String why = host == null ? "URL '" + target + "' has no host this connection can check"
                : "Host '" + host + "' is not the host of connection '" + profile.name() + "' ("
                + profile.environment() + ") nor one of its allowed hosts " + profile.allowedHosts();
        throw new StepFailure("HOST_DENIED", why, details, false);
    }

    private static boolean isAbsolute(String url) {
        String lower = url.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static boolean allowed(ConnectionProfile profile, String host) {
        for (String pattern : profile.allowedHosts()) {
            String p = pattern.strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("*.") ? host.endsWith(p.substring(1)) : host.equals(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The normalised host of an absolute URL (lower case, ASCII, no brackets or trailing dot), or null
     * when there is none or user info hides it. The HTTP client refuses such URLs as well.
     */
    static String host(String url) {
        try {
            String authority = new URI(url.strip()).getRawAuthority();
            if (authority == null || authority.isEmpty() || authority.contains("@") || authority.contains("%")) {
                return null;
            }
            String host;
            if (authority.startsWith("[")) {
                int end = authority.indexOf(']');
                host = end < 0 ? null : authority.substring(1, end);
            } else {
                int colon = authority.lastIndexOf(':');
                host = IDN.toASCII(colon < 0 ? authority : authority.substring(0, colon), IDN.ALLOW_UNASSIGNED);
            }
            if (host == null || host.isEmpty()) {
                return null;
            }
            host = host.toLowerCase(Locale.ROOT);
            return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String strip(String text, char c, boolean leading) {
        String s = text;
        while (!s.isEmpty() && (leading ? s.charAt(0) : s.charAt(s.length() - 1)) == c) {
            s = leading ? s.substring(1) : s.substring(0, s.length() - 1);
        }
        return s;
    }
}
