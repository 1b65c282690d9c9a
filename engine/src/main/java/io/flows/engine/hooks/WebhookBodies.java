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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** A webhook delivery's body: how it is stored, and what the flow gets of it. */
final class WebhookBodies {

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

    /** JSON → its value (empty: {}), a form → an object of its fields, anything else → the text. */
    static JsonNode parse(String contentType, byte[] raw) {
        String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String text = new String(raw, StandardCharsets.UTF_8);
        if (ct.startsWith("application/json") || ct.matches("^[a-z]+/[^;]*\\+json.*")) {
            return text.isBlank() ? JsonNodeFactory.instance.objectNode() : Jsons.parse(raw);
        }
        if (ct.startsWith("application/x-www-form-urlencoded")) {
            return form(text);
        }
        return TextNode.valueOf(text);
    }

    /** A form body that cannot be decoded (a % not followed by two hex digits). */
    static final class BadForm extends IllegalArgumentException {
        BadForm(String message) {
            super(message);
        }
    }

    private static String formDecoded(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadForm("'" + (part.length() > 40 ? part.substring(0, 40) + "…" : part)
                    + "' has a % that is not followed by two hexadecimal digits");
        }
    }

    private static ObjectNode form(String text) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = formDecoded(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : formDecoded(pair.substring(eq + 1));
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
