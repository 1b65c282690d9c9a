package io.flows.dsl.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class NulCharactersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void findsTheFirstNulInDocumentOrderWithItsPath() throws Exception {
        assertThat(NulCharacters.find(json("{\"a\": {\"b\": [\"ok\", \"x\\u0000\"]}, \"c\": \"\\u0000\"}")))
                .isEqualTo(new TextFind.Found("a.b[1]", false));
        assertThat(NulCharacters.find(json("{\"ok\": 1, \"k\\u0000\": 1}")))
                .isEqualTo(new TextFind.Found("[\"k\u0000\"]", true));
        assertThat(NulCharacters.find(json("\"\\u0000\""))).isEqualTo(new TextFind.Found("", false));
    }

    @Test
    void otherControlCharactersAndEscapesPass() throws Exception {
        assertThat(NulCharacters.find(json("{\"a\": \"\\u0001\\t\\n\\\\u0000\", \"b\": [1, null, true]}"))).isNull();
        assertThat(NulCharacters.in(null)).isFalse();
        assertThat(NulCharacters.in("a\0")).isTrue();
    }
}
