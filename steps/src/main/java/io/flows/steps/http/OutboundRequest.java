package io.flows.steps.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * The checked method, headers and body of a call, ready to be sent to any hop of it.
 * Construction refuses (with {@link IllegalArgumentException}) what a flow must not send.
 */
record OutboundRequest(String method, List<Header> headers, byte[] body, ContentType contentType) {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    /**
     * The only headers that follow a redirect to another origin. Any other header may carry a
     * credential (an API key header of a connection, a partner's own scheme), so it stays behind.
     */
    private static final Set<String> CROSS_ORIGIN_SAFE = Set.of("accept", "accept-encoding", "accept-language",
            "content-type", "content-language", "user-agent");

    static OutboundRequest of(HttpCall call, long maxBodyBytes, ObjectMapper mapper) {
        String method = call.method() == null ? "" : call.method().strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("HTTP method '" + call.method() + "' is not supported (use one of "
                    + String.join(", ", METHODS.stream().sorted().toList()) + ")");
        }
        List<Header> headers = new ArrayList<>();
        String contentTypeValue = null;
        for (Map.Entry<String, String> e : call.headers().entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            checkName(name);
            checkValue(name, value);
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("camel")) {
                throw new IllegalArgumentException("Header '" + name
                        + "' is refused: flow data must never set Camel internal headers (Camel*)");
            }
            if (lower.equals("content-type")) {
                contentTypeValue = value;
            } else if (!HttpCall.SET_BY_CLIENT.contains(lower)) {
                headers.add(new BasicHeader(name, value));
            }
        }
        byte[] body = null;
        ContentType contentType = null;
        JsonNode node = call.body();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
            if (node.isTextual()) {
                body = node.textValue().getBytes(StandardCharsets.UTF_8);
                contentType = ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8);
            } else if (node.isBinary()) {
                body = binary(node);
                contentType = ContentType.APPLICATION_OCTET_STREAM;
            } else {
                try {
                    body = mapper.writeValueAsBytes(node);
                } catch (JsonProcessingException ex) {
                    throw new IllegalArgumentException("Body cannot be written as JSON: " + ex.getOriginalMessage());
                }
                contentType = ContentType.APPLICATION_JSON;
            }
            if (body.length > maxBodyBytes) {
                throw new IllegalArgumentException("Body is " + body.length + " bytes, more than the limit of "
                        + maxBodyBytes + " bytes");
            }
            ContentType declared = contentTypeValue == null ? null : ContentType.parseLenient(contentTypeValue);
            if (declared != null) {
                contentType = declared;
            }
        } else if (contentTypeValue != null) {
            headers.add(new BasicHeader("Content-Type", contentTypeValue));
        }
        return new OutboundRequest(method, List.copyOf(headers), body, contentType);
    }

    /**
     * The request for the next hop after a redirect: 303 turns into GET without a body, and
     * credentials are dropped when the redirect leaves the origin.
     */
    OutboundRequest forRedirect(int status, boolean sameOrigin) {
        boolean toGet = status == 303 && !method.equals("HEAD");
        List<Header> next = headers.stream()
                .filter(h -> sameOrigin || CROSS_ORIGIN_SAFE.contains(h.getName().toLowerCase(Locale.ROOT)))
                .filter(h -> !toGet || !h.getName().equalsIgnoreCase("content-type"))
                .toList();
        return toGet ? new OutboundRequest("GET", next, null, null) : new OutboundRequest(method, next, body, contentType);
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Whether a redirect with {@code status} is followed for this request: any for GET and HEAD, and a 303 (which
     * turns the request into a GET) for the other methods. A 301, 302, 307 or 308 to a POST, PUT, PATCH, DELETE or
     * OPTIONS is not: sending the request again, body and all, to where the answer points is not a step the flow
     * asked for, and turning it into a GET (as browsers do with 301 and 302) would drop its body.
     */
    boolean follows(int status) {
        return switch (status) {
            case 303 -> true;
            case 301, 302, 307, 308 -> method.equals("GET") || method.equals("HEAD");
            default -> false;
        };
    }

    private static byte[] binary(JsonNode node) {
        try {
            return node.binaryValue();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Body cannot be read as bytes");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("Header names must not be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new IllegalArgumentException("Header name '" + printable(name)
                        + "' is not a valid token (character " + describe(c) + " at position " + i + ")");
            }
        }
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("Header '" + name + "' has a control character ("
                        + describe(c) + ") in its value; CR, LF, NUL and other control characters are refused");
            }
            // The client writes header values as ISO-8859-1 and turns anything beyond it into '?', so
            // the partner would get other text than the trace shows; refusing it keeps the two equal.
            // The message names neither the character nor its place: the value may hold a secret.
            if (c > 0x7e) {
                throw new IllegalArgumentException("Header '" + name + "' has a character outside printable ASCII"
                        + " in its value; header values may hold only printable ASCII and tabs: percent-encode"
                        + " other text, e.g. ${encodeURIComponent(...)} in the header or a transform step before it");
            }
        }
    }

    private static String describe(char c) {
        return switch (c) {
            case '\r' -> "CR";
            case '\n' -> "LF";
            case 0 -> "NUL";
            default -> c < 0x20 || c == 0x7f ? String.format("U+%04X", (int) c) : "'" + c + "'";
        };
    }

    private static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
