package io.flows.engine.secrets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The spellings of a secret value that redaction looks for: as it is, lower-cased, JSON-escaped, and base64 (standard
 * and URL-safe, with and without padding). URL-encoded spellings are not listed here: there are too many (each encoder
 * keeps other characters as they are), so redaction decodes the text instead ({@link PercentDecoded}) and looks for
 * these forms in it, which also finds a base64 form sent URL-encoded.
 *
 * <p>Base64 of a value inside a longer text (say {@code user:secret} in a Basic header) is not the base64 of the
 * value: the characters depend on where the value starts modulo 3. For each of the three alignments the
 * characters that depend on the value's bytes alone are a form too, so such embeddings are masked except for
 * at most one or two characters at either edge, which carry only a few bits of the value.
 */
final class SecretForms {

    /** Shorter pieces would mask unrelated text too often; every form of a value of 6+ characters is longer. */
    private static final int MIN_FORM = 6;

    private SecretForms() {
    }

    static Set<String> of(String value) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(value);
        // a value used in a URL's host comes back lower-cased (host names are case-insensitive) in errors and traces
        forms.add(value.toLowerCase(Locale.ROOT));
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder encoder : new Base64.Encoder[] {Base64.getEncoder(), Base64.getUrlEncoder()}) {
            String whole = encoder.encodeToString(bytes);
            forms.add(whole);
            forms.add(whole.replace("=", ""));
            for (int offset = 0; offset < 3; offset++) {
                forms.add(embedded(encoder, bytes, offset));
            }
        }
        forms.removeIf(f -> f.length() < Math.min(MIN_FORM, value.length()));
        return forms;
    }

    /** The base64 characters of {@code bytes} placed {@code offset} bytes into a longer text, edges left out. */
    private static String embedded(Base64.Encoder encoder, byte[] bytes, int offset) {
        byte[] shifted = Arrays.copyOf(new byte[offset], offset + bytes.length);
        System.arraycopy(bytes, 0, shifted, offset, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int first = (offset * 8 + 5) / 6;
        int end = (offset + bytes.length) * 8 / 6;
        return first < end ? encoded.substring(first, end) : "";
    }
}
