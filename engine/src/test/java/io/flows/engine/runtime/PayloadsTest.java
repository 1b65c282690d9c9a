package io.flows.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void aPayloadOfExactlyTheLimitIsKeptWholeAndOneByteMoreIsTruncated() {
        ObjectNode payload = NODES.objectNode().put("text", "é".repeat(100)); // 2 bytes each in UTF-8
        int bytes = Jsons.write(payload).getBytes(StandardCharsets.UTF_8).length;

        assertThat(Payloads.limit(payload, bytes)).isSameAs(payload);

        JsonNode truncated = Payloads.limit(payload, bytes - 1);
        assertThat(truncated.get("$truncated").asBoolean()).isTrue();
        assertThat(truncated.get("bytes").asLong()).isEqualTo(bytes);
        assertThat(truncated.get("preview").asText()).isEqualTo(Jsons.write(payload));
    }

    @Test
    void theTruncatedPreviewIsTheFirstThousandCharacters() {
        ObjectNode payload = NODES.objectNode().put("text", "x".repeat(5000));
        JsonNode truncated = Payloads.limit(payload, 256);
        assertThat(truncated.get("bytes").asLong()).isEqualTo(5000 + "{\"text\":\"\"}".length());
        assertThat(truncated.get("preview").asText()).hasSize(1000).startsWith("{\"text\":\"xxx");
    }

    @Test
    void thePreviewIsTheTextsStartAlsoWhereCharactersTakeSeveralBytes() throws Exception {
        // kept: the first 4,000 bytes, which end inside a two-byte character here
        JsonNode payload = NODES.textNode("é".repeat(3000));
        JsonNode truncated = Payloads.limit(payload, 256);
        assertThat(truncated.get("preview").asText()).isEqualTo(Jsons.write(payload).substring(0, 1000));
        assertThat(truncated.get("bytes").asLong()).isEqualTo(2 * 3000 + 2);

        for (JsonNode text : new JsonNode[] {NODES.textNode("x".repeat(998) + "😀".repeat(2000)),
                                             NODES.textNode("😀".repeat(5000))}) {
            String preview = Payloads.limit(text, 256).get("preview").asText();
            // (written as UTF-8, Jackson escapes a character outside the BMP: \\ud83d\\ude00)
            String written = new String(Jsons.MAPPER.writeValueAsBytes(text), StandardCharsets.UTF_8);
            assertThat(preview).hasSize(1000).isEqualTo(written.substring(0, 1000));
        }
    }

    @Test
    void aLargePayloadAroundADeepValueIsTruncatedToo() {
        // a connector's request {method, url, headers, body} is a level deeper than a body of 1000 levels
        ObjectNode request = NODES.objectNode().put("url", "x".repeat(2000));
        request.set("body", Jsons.parse("[".repeat(1000) + "]".repeat(1000)));
        JsonNode truncated = Payloads.limit(request, 256);
        assertThat(truncated.path("$truncated").asBoolean()).isTrue();
        assertThat(truncated.get("preview").asText()).hasSize(1000);
    }

    @Test
    void numbersBooleansAndNullAreNeverTruncated() {
        assertThat(Payloads.limit(NODES.numberNode(123456789), 1)).isEqualTo(NODES.numberNode(123456789));
        assertThat(Payloads.limit(NODES.booleanNode(true), 1)).isEqualTo(NODES.booleanNode(true));
        assertThat(Payloads.limit(null, 1)).isNull();
        assertThat(Payloads.limit(NODES.textNode("abcdef"), 3).get("$truncated").asBoolean()).isTrue();
    }
}
