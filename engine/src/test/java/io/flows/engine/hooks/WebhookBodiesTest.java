package io.flows.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookBodiesTest {

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bodiesAreJsonFormsOrText() {
        assertThat(WebhookBodies.parse("application/json; charset=utf-8", b("{\"a\": [1]}")).get("a").get(0).asInt()).isEqualTo(1);
        assertThat(WebhookBodies.parse("application/cloudevents+json", b("{\"a\": 1}")).get("a").asInt()).isEqualTo(1);
        assertThat(WebhookBodies.parse("application/json", b("")).isObject()).isTrue();
        var form = WebhookBodies.parse("application/x-www-form-urlencoded", b("a=1&b=two+words&c=%26&a=2&flag"));
        assertThat(form.get("a").get(1).asText()).isEqualTo("2");
        assertThat(form.get("b").asText()).isEqualTo("two words");
        assertThat(form.get("c").asText()).isEqualTo("&");
        assertThat(form.get("flag").asText()).isEmpty();
        // a malformed form is refused as a form, not as "not valid JSON"
        assertThatThrownBy(() -> WebhookBodies.parse("application/x-www-form-urlencoded", b("%zz=1")))
                .isInstanceOf(WebhookBodies.BadForm.class).hasMessageContaining("'%zz' has a % that is not followed");
        assertThat(WebhookBodies.parse("text/plain", b("{\"not\": \"parsed\"}")).asText()).isEqualTo("{\"not\": \"parsed\"}");
        assertThat(WebhookBodies.parse(null, b("x")).asText()).isEqualTo("x");
    }

    @Test
    void aTextBodyIsReadInTheCharsetItsContentTypeDeclares() {
        byte[] latin1 = {'G', 'r', (byte) 0xfc, (byte) 0xdf, 'e'};
        assertThat(WebhookBodies.parse("text/plain; charset=iso-8859-1", latin1).textValue()).isEqualTo("Grüße");
        assertThat(WebhookBodies.parse("text/plain;format=flowed; Charset=\"ISO-8859-1\"", latin1).textValue())
                .isEqualTo("Grüße");
        assertThat(WebhookBodies.parse("text/csv; charset=utf-16", "a;b".getBytes(StandardCharsets.UTF_16)).textValue())
                .isEqualTo("a;b");
        assertThat(WebhookBodies.parse("application/x-www-form-urlencoded; charset=iso-8859-1", b("w=Gr%FC%DFe"))
                .path("w").textValue()).isEqualTo("Grüße");
        // none, one Java does not know, or a name that is no charset name: UTF-8, as before
        assertThat(WebhookBodies.parse("text/plain", latin1).textValue()).isEqualTo("Gr\uFFFD\uFFFDe");
        assertThat(WebhookBodies.parse("text/plain; charset=klingon", b("Grüße")).textValue()).isEqualTo("Grüße");
        assertThat(WebhookBodies.parse("text/plain; charset=\"a b\"", b("Grüße")).textValue()).isEqualTo("Grüße");
        // JSON is UTF-8 whatever the label says (RFC 8259 gives it no charset parameter), as the HTTP connector reads it
        assertThat(WebhookBodies.parse("application/json; charset=iso-8859-1", b("{\"w\": \"Grüße\"}"))
                .path("w").textValue()).isEqualTo("Grüße");
    }

    @Test
    void sequencesAreNumbersOrInstants() {
        assertThat(WebhookService.sequenceOf(IntNode.valueOf(7))).isEqualTo(7L);
        assertThat(WebhookService.sequenceOf(TextNode.valueOf("42"))).isEqualTo(42L);
        assertThat(WebhookService.sequenceOf(TextNode.valueOf("2026-01-02T03:04:05Z"))).isEqualTo(1767323045000L);
        assertThat(WebhookService.sequenceOf(TextNode.valueOf("2026-01-02T04:04:05+01:00"))).isEqualTo(1767323045000L);
        assertThat(WebhookService.sequenceOf(TextNode.valueOf("soon"))).isNull();
        assertThat(WebhookService.sequenceOf(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(3.7)))
                .as("a fraction is not cut to 3").isNull();
        assertThat(WebhookService.sequenceOf(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1e3))).isEqualTo(1000L);
        assertThat(WebhookService.sequenceOf(com.fasterxml.jackson.databind.node.DoubleNode.valueOf(Double.POSITIVE_INFINITY)))
                .isNull();
        assertThat(WebhookService.sequenceOf(null)).isNull();
    }
}
