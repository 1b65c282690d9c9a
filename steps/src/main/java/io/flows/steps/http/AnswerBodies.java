package io.flows.steps.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.json.JsonDepth;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.steps.StepFailure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;

/** Turns answer bytes into the JSON the flow sees, and request JSON into bytes, keeping numbers exact. */
final class AnswerBodies {

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // RFC 8259 leaves {"a":1,"a":2} to the reader: kept as text rather than guessed, as Flows' own
                    // REST and webhook bodies refuse it
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(JsonDepth.MAX_VALUE).build())
                    .streamWriteConstraints(JsonDepth.documentWriting())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private AnswerBodies() {
    }

    /**
     * A decoded body, why a body labelled JSON is its text instead (null when nothing went wrong), and whether it is
     * binary, given as base64 text.
     */
    record Decoded(JsonNode body, String parseError, boolean base64) {
        Decoded(JsonNode body, String parseError) {
            this(body, parseError, false);
        }
    }

    /**
     * JSON when the content type says JSON and the bytes parse; text when the content type is a textual one (or
     * absent and the bytes are UTF-8); base64 text of the bytes when it is any other (an image, a PDF,
     * {@code application/octet-stream}), which as text would be mangled beyond repair; JSON null when empty.
     *
     * @throws StepFailure VALUE_TOO_DEEP when it is JSON nesting deeper than a value may ({@link JsonDepth})
     */
    static Decoded decode(byte[] body, ContentType contentType) {
        if (body.length == 0) {
            return new Decoded(NullNode.getInstance(), null);
        }
        if (isBinary(body, contentType)) {
            return new Decoded(TextNode.valueOf(Base64.getEncoder().encodeToString(body)), null, true);
        }
        Charset charset = charset(contentType);
        String parseError = null;
        if (isJson(contentType)) {
            try {
                JsonNode node = MAPPER.readTree(body);
                // an escaped half surrogate could be neither stored nor answered: such JSON is kept as its text
                if (node != null && !node.isMissingNode()
                        && !(LoneSurrogates.mayHold(body) && LoneSurrogates.find(node) != null)) {
                    return new Decoded(node, null);
                }
                parseError = node == null || node.isMissingNode() ? "holds no JSON value"
                        : "holds an escaped half of a surrogate pair (\\uD800 to \\uDFFF alone), which Flows cannot keep";
            } catch (StreamConstraintsException tooBig) {
                // JSON all the same: kept as text, it would reach the flow as something else than the partner sent
                if (String.valueOf(tooBig.getOriginalMessage()).contains("nesting depth")) {
                    throw StepFailure.permanent(StepFailure.VALUE_TOO_DEEP, "the partner's JSON answer nests more than "
                            + JsonDepth.MAX_VALUE + " levels of objects and arrays, the limit");
                }
                parseError = "is beyond a limit of the JSON reader: " + tooBig.getOriginalMessage();
            } catch (JsonProcessingException notJson) {
                // a partner that labels text as JSON still gets its text through, and the trace says why it is text
                String duplicate = duplicateKey(notJson);
                parseError = duplicate != null ? "gives the key '" + duplicate + "' twice in one object" + where(notJson)
                        + ", and which value is meant is anyone's guess" : "is not JSON: " + described(notJson);
            } catch (IOException notJson) {
                parseError = "is not JSON: " + notJson.getMessage();
            }
        }
        TextNode text = TextNode.valueOf(new String(body, charset));
        return new Decoded(text, parseError == null ? null
                : "the answer is labelled " + contentType.getMimeType() + " but " + parseError + "; body is its text");
    }

    /** Jackson's words without the echo of its input ("[Source: ...]"), with where it stopped. */
    private static String described(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage()).replaceAll("(?s)\\s*\\(start marker at \\[Source.*", "")
                .replaceAll("\\s+", " ").strip();
        return message + where(e);
    }

    private static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The key of Jackson's "Duplicate field 'a'", or null for any other error. */
    private static String duplicateKey(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        return m.startsWith("Duplicate field '") && m.endsWith("'") ? m.substring(17, m.length() - 1) : null;
    }

    /**
     * Whether a body is bytes rather than text: labelled with a type that is not textual, or unlabelled and not
     * UTF-8. Decided by the label when there is one, so that one endpoint's answers come in one form.
     */
    static boolean isBinary(byte[] body, ContentType contentType) {
        if (contentType == null || contentType.getMimeType() == null || contentType.getMimeType().isBlank()) {
            return !isUtf8(body);
        }
        return !isTextual(contentType);
    }

    private static boolean isTextual(ContentType contentType) {
        if (contentType.getParameter("charset") != null || isJson(contentType)) {
            return true;
        }
        String mime = contentType.getMimeType().toLowerCase(Locale.ROOT);
        int slash = mime.indexOf('/');
        String type = slash < 0 ? mime : mime.substring(0, slash);
        String subtype = slash < 0 ? "" : mime.substring(slash + 1);
        return type.equals("text") || subtype.equals("xml") || subtype.endsWith("+xml") || subtype.equals("yaml")
                || subtype.equals("x-yaml") || subtype.endsWith("+yaml") || TEXTUAL_APPLICATION.contains(mime);
    }

    private static final Set<String> TEXTUAL_APPLICATION = Set.of("application/javascript",
            "application/ecmascript", "application/x-javascript", "application/x-www-form-urlencoded",
            "application/x-ndjson", "application/ndjson", "application/jsonl", "application/csv", "application/graphql",
            "application/sql", "application/x-sh", "application/rtf", "message/http");

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    static boolean isJson(ContentType contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.getMimeType().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || mime.equals("text/json") || mime.endsWith("+json");
    }

    private static Charset charset(ContentType contentType) {
        try {
            Charset charset = contentType == null ? null : contentType.getCharset();
            return charset == null ? StandardCharsets.UTF_8 : charset;
        } catch (RuntimeException unsupported) {
            return StandardCharsets.UTF_8;
        }
    }
}
