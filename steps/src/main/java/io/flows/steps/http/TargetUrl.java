package io.flows.steps.http;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.HttpHost;

/**
 * A checked absolute http(s) URL split into what the client needs: scheme, normalised host (no
 * brackets, lower case, ASCII), port, and the raw path with query. Anything odd is refused with
 * {@link IllegalArgumentException} whose message names the problem.
 */
record TargetUrl(String scheme, String host, int port, String pathAndQuery) {

    private static final int MAX_LENGTH = 8192;

    /** A URL whose scheme is not http or https. */
    static final class UnsupportedScheme extends IllegalArgumentException {
        UnsupportedScheme(String message) {
            super(message);
        }
    }

    static TargetUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("URL is missing");
        }
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("URL '" + url + "' is not valid: " + e.getReason()
                    + " at index " + e.getIndex());
        }
        return from(uri, url);
    }

    /** The target of a redirect's {@code Location}, relative to this URL. */
    TargetUrl resolve(String location) {
        URI next;
        try {
            next = toUri().resolve(new URI(location.strip()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Redirect location '" + location + "' is not a valid URL");
        }
        return from(next, location);
    }

    private static TargetUrl from(URI uri, String original) {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new UnsupportedScheme("URL '" + original + "' must start with http:// or https://");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException("URL '" + original + "' has no host");
        }
        if (authority.contains("@")) {
            throw new IllegalArgumentException("URL '" + original
                    + "' contains user info; send credentials in an Authorization header instead");
        }
        String host;
        String portText = null;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("URL '" + original + "' has an unterminated IPv6 address");
            }
            host = authority.substring(1, end);
            String rest = authority.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("URL '" + original + "' has an invalid host");
                }
                portText = rest.substring(1);
            }
            if (host.contains("%")) {
                throw new IllegalArgumentException("URL '" + original + "' has an IPv6 zone id, which is not allowed");
            }
            if (!HostNames.isIpv6Literal(host) || !isIpv6(host)) {
                throw new IllegalArgumentException("URL '" + original + "' has an invalid IPv6 address '" + host + "'");
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            host = asciiHost(host, original);
        }
        host = HostNames.normalize(host);
        if (host.isEmpty() || (!HostNames.isIpv6Literal(host) && !HostNames.isValidName(host))) {
            throw new IllegalArgumentException("URL '" + original + "' has an invalid host '" + host + "'");
        }
        int port = "https".equals(scheme) ? 443 : 80;
        if (portText != null && !portText.isEmpty()) {
            port = parsePort(portText, original);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        return new TargetUrl(scheme, host, port, query == null ? path : path + "?" + query);
    }

    private static boolean isIpv6(String host) {
        try {
            return HostNames.literal(host) != null;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String asciiHost(String host, String original) {
        if (host.contains("%")) {
            throw new IllegalArgumentException("URL '" + original + "' has a percent-encoded host, which is not allowed");
        }
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) > 0x7f) {
                try {
                    return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("URL '" + original + "' has an invalid host: " + e.getMessage());
                }
            }
        }
        return host;
    }

    private static int parsePort(String text, String original) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535 && text.chars().allMatch(Character::isDigit)) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("URL '" + original + "' has an invalid port '" + text + "'");
    }

    /** This URL with {@code query} URL-encoded and appended to its existing query, a parameter once per value. */
    TargetUrl withQuery(Map<String, List<String>> query) {
        if (query.isEmpty()) {
            return this;
        }
        StringBuilder sb = new StringBuilder(pathAndQuery);
        char separator = pathAndQuery.indexOf('?') < 0 ? '?' : '&';
        if (pathAndQuery.endsWith("?") || pathAndQuery.endsWith("&")) {
            separator = 0;
        }
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("Query parameter names must not be empty");
            }
            for (String value : e.getValue()) {
                if (separator != 0) {
                    sb.append(separator);
                }
                separator = '&';
                sb.append(encode(e.getKey())).append('=').append(encode(value));
            }
        }
        return new TargetUrl(scheme, host, port, sb.toString());
    }

    static String encode(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    boolean sameOrigin(TargetUrl other) {
        return scheme.equals(other.scheme) && host.equals(other.host) && port == other.port;
    }

    HttpHost httpHost() {
        return new HttpHost(scheme, host, port);
    }

    /** host:port as people write it, for messages. */
    String hostAndPort() {
        return (HostNames.isIpv6Literal(host) ? "[" + host + "]" : host) + ":" + port;
    }

    URI toUri() {
        return URI.create(toString());
    }

    @Override
    public String toString() {
        boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String h = HostNames.isIpv6Literal(host) ? "[" + host + "]" : host;
        return scheme + "://" + h + (defaultPort ? "" : ":" + port) + pathAndQuery;
    }
}
