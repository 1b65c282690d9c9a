package io.flows.engine.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.store.WebhookDeliveryRow;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** A webhook delivery's body: how it is stored, and what the flow gets of it. */
public final class WebhookBodies {

    private WebhookBodies() {
    }

    /**
     * Whether a body is kept as its text: not when it holds a NUL (PostgreSQL refuses U+0000 in text, H2 takes it),
     * nor when it is not UTF-8 (decoding would change its bytes); those are kept in base64, on both databases.
     */
    static boolean keptAsText(byte[] raw) {
        for (byte b : raw) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(raw));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The body as stored: its text, or the base64 of its bytes (see {@link #keptAsText}). */
    static String stored(byte[] raw) {
        return keptAsText(raw) ? new String(raw, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(raw);
    }

    /** The bytes of a stored delivery's body. */
    static byte[] bytes(WebhookDeliveryRow row) {
        if (row.body() == null) {
            return new byte[0];
        }
        return WebhookDeliveryRow.BASE64.equals(row.bodyEncoding()) ? Base64.getDecoder().decode(row.body())
                : row.body().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * JSON → its value (empty: {}), a form → an object of its fields, anything else → the text. Text and forms are
     * read in the charset the Content-Type declares, JSON always as UTF-8 (see {@link #charset}).
     */
    static JsonNode parse(String contentType, byte[] raw) {
        if (isJson(contentType)) {
            return new String(raw, StandardCharsets.UTF_8).isBlank() ? JsonNodeFactory.instance.objectNode()
                    : Jsons.parse(raw);
        }
        Charset charset = charset(contentType);
        if (lower(contentType).startsWith("application/x-www-form-urlencoded")) {
            return form(new String(raw, charset), charset);
        }
        return TextNode.valueOf(new String(raw, charset));
    }

    /** The body as text in its charset: what a text body gives the flow, and what the delivery view shows. */
    static String text(String contentType, byte[] raw) {
        return new String(raw, charset(contentType));
    }

    /**
     * The charset a body is read in: the one its Content-Type declares ({@code text/plain; charset=iso-8859-1});
     * UTF-8 without one, for one Java does not know, and for JSON, which is UTF-8 whatever its label says (RFC 8259
     * gives it no charset parameter; the HTTP connector reads a JSON answer so too).
     */
    public static Charset charset(String contentType) {
        if (contentType == null || isJson(contentType)) {
            return StandardCharsets.UTF_8;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0 && parts[i].substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String name = parts[i].substring(eq + 1).strip();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknownOrNoName) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static boolean isJson(String contentType) {
        String ct = lower(contentType);
        return ct.startsWith("application/json") || ct.matches("^[a-z]+/[^;]*\\+json.*");
    }

    private static String lower(String contentType) {
        return contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    }

    /** A form body that cannot be decoded (a % not followed by two hex digits). */
    static final class BadForm extends IllegalArgumentException {
        BadForm(String message) {
            super(message);
        }
    }

    private static String formDecoded(String part, Charset charset) {
        try {
            return URLDecoder.decode(part, charset);
        } catch (IllegalArgumentException e) {
            throw new BadForm("'" + (part.length() > 40 ? part.substring(0, 40) + "…" : part)
                    + "' has a % that is not followed by two hexadecimal digits");
        }
    }

    private static ObjectNode form(String text, Charset charset) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = formDecoded(eq < 0 ? pair : pair.substring(0, eq), charset);
            String value = eq < 0 ? "" : formDecoded(pair.substring(eq + 1), charset);
            JsonNode before = out.get(name);
            if (before == null) {
                out.put(name, value);
            } else if (before.isArray()) {
                ((ArrayNode) before).add(value);
            } else {
                ArrayNode list = out.putArray(name);
                list.add(before);
                list.add(value);
            }
        }
        return out;
    }
}
