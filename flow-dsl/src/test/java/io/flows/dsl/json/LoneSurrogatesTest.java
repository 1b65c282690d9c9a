package io.flows.dsl.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoneSurrogatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void findsHalfAPairInValuesAndKeysWithItsPath() throws Exception {
        assertThat(LoneSurrogates.find(json("{\"a\": {\"b\": [\"ok\", \"x\\ud800 y\"]}}"))).isEqualTo("a.b[1] (\\ud800)");
        assertThat(LoneSurrogates.find(json("{\"a\": \"\\ude00\"}"))).isEqualTo("a (\\ude00)");
        assertThat(LoneSurrogates.find(json("{\"k\\udbff\": 1}"))).isEqualTo("(a key) (\\udbff)");
        assertThat(LoneSurrogates.find(json("\"\\ud83d\""))).isEqualTo("the value itself (\\ud83d)");
        assertThat(LoneSurrogates.find(json("\"swapped \\ude00\\ud83d\""))).isEqualTo("the value itself (\\ude00)");
    }

    @Test
    void wholeCharactersAndOtherEscapesPass() throws Exception {
        String text = "{\"emoji\": \"\\ud83d\\ude00 😀\", \"plain\": \"\\u00e9\\\\ud800\", \"n\": 1}";
        assertThat(LoneSurrogates.find(json(text))).isNull();
        assertThat(LoneSurrogates.mayHold("{\"a\": \"é 😀\"}")).isFalse();
        assertThat(LoneSurrogates.mayHold("{\"a\": \"\\uD800\"}")).isTrue();
        assertThat(LoneSurrogates.mayHold("{\"a\": \"\\ud800\"}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(LoneSurrogates.mayHold("{\"a\": \"\\udc00\"}".getBytes(StandardCharsets.UTF_8))).as("low half").isTrue();
        assertThat(LoneSurrogates.mayHold("{\"a\": \"\\uDFFF\"}")).isTrue();
        assertThat(LoneSurrogates.mayHold("{\"a\": \"\\u00e9\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void wellFormedReplacesEachHalfWithU_FFFDAndKeepsWholePairs() throws Exception {
        assertThat(LoneSurrogates.wellFormed("a\ud83d\ude00b\ud83d.\ude00\ud800")).isEqualTo("a😀b\uFFFD.\uFFFD\uFFFD");
        String plain = "no halves 😀";
        assertThat(LoneSurrogates.wellFormed(plain)).isSameAs(plain);

        JsonNode tree = json("{\"a\": [1, \"x\\ud800\"], \"k\\udc00\": {\"b\": \"ok\"}, \"c\": \"😀\"}");
        String before = tree.toString();
        assertThat(LoneSurrogates.wellFormed(tree)).isEqualTo(json("{\"a\": [1, \"x\uFFFD\"], \"k\uFFFD\": {\"b\": \"ok\"}, \"c\": \"😀\"}"));
        assertThat(tree.toString()).as("the tree given is not changed").isEqualTo(before);
        JsonNode clean = json("{\"a\": [1, \"😀\"], \"b\": {\"c\": null}}");
        assertThat(LoneSurrogates.wellFormed(clean)).isSameAs(clean);
        assertThat(LoneSurrogates.wellFormed((JsonNode) null)).isNull();
    }

    @Test
    void locateGivesTheDocumentPathOfTheFirstTextHoldingOne() throws Exception {
        assertThat(LoneSurrogates.locate(json("{\"a\": {\"b\": [\"ok\", \"x\\ud800\"]}, \"c\": \"\\udc00\"}")))
                .isEqualTo(new TextFind.Found("a.b[1]", false));
        assertThat(LoneSurrogates.locate(json("{\"ok\": 1, \"k\\ud800\": 1}")).key()).isTrue();
        assertThat(LoneSurrogates.locate(json("{\"a\": \"😀\"}"))).isNull();
    }

    @Test
    void escapedInJsonWritesEachHalfAsItsEscapeSoTheTextReadsBackTheSame() throws Exception {
        JsonNode tree = json("{\"k\\ud800\": \"a\\udc00 😀\"}");
        String written = JSON.writeValueAsString(tree);
        String escaped = LoneSurrogates.escapedInJson(written);
        assertThat(escaped).isEqualTo("{\"k\\ud800\":\"a\\udc00 😀\"}");
        assertThat(json(new String(escaped.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))).isEqualTo(tree);
        String clean = "{\"a\":\"😀\"}";
        assertThat(LoneSurrogates.escapedInJson(clean)).isSameAs(clean);
    }
}
