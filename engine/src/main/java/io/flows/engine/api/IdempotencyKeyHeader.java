package io.flows.engine.api;

import io.micronaut.core.annotation.Nullable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * The length limit of the {@code Idempotency-Key} header, in characters as the client wrote them. Header values
 * arrive one character per byte (ISO-8859-1), so a key in UTF-8 is counted as UTF-8 ({@code é} is one character,
 * not two); bytes that are not UTF-8 count one each. The key itself stays the header's value byte for byte, as keys
 * were always stored, so that a retry across an upgrade still finds its key.
 */
final class IdempotencyKeyHeader {

    static final int MAX_CHARACTERS = 255;

    private IdempotencyKeyHeader() {
    }

    /** The header's value, or null without the header; a blank key or one over {@value #MAX_CHARACTERS} characters is 400. */
    @Nullable
    static String checked(@Nullable String header) {
        if (header == null) {
            return null;
        }
        int characters = characters(header);
        if (header.isBlank() || characters > MAX_CHARACTERS) {
            throw ApiProblem.badRequest("Idempotency-Key must be 1 to " + MAX_CHARACTERS + " characters, not "
                    + (header.isBlank() ? "blank" : characters));
        }
        return header;
    }

    private static int characters(String header) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException notUtf8) {
            text = header;
        }
        return text.codePointCount(0, text.length());
    }
}
