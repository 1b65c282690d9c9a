package io.flows.steps.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.json.LoneSurrogates;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hc.core5.http.ContentType;

/** Turns answer bytes into the JSON the flow sees, and request JSON into bytes, keeping numbers exact. */
final class AnswerBodies {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private AnswerBodies() {
    }

    /** JSON when the content type says JSON and the bytes parse; text otherwise; JSON null when empty. */
    static JsonNode decode(byte[] body, ContentType contentType) {
        if (body.length == 0) {
            return NullNode.getInstance();
        }
        Charset charset = charset(contentType);
        if (isJson(contentType)) {
            try {
                JsonNode node = MAPPER.readTree(body);
                // an escaped half surrogate could be neither stored nor answered: such JSON is kept as its text
                if (node != null && !node.isMissingNode()
                        && !(LoneSurrogates.mayHold(body) && LoneSurrogates.find(node) != null)) {
                    return node;
                }
            } catch (IOException notJson) {
                // a partner that labels text as JSON still gets its text through
            }
        }
        return TextNode.valueOf(new String(body, charset));
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
