package io.flows.dsl.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonDepthTest {

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100_000).build()).build());

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void countsOpenObjectsAndArraysAsJacksonDoes() throws Exception {
        assertThat(JsonDepth.of(null)).isZero();
        assertThat(JsonDepth.of(json("1"))).isZero();
        assertThat(JsonDepth.of(json("[]"))).isEqualTo(1);
        assertThat(JsonDepth.of(json("{\"a\": [1, {\"b\": {}}], \"c\": []}"))).isEqualTo(4);
        assertThat(JsonDepth.of(json("[[], [[[]]], 1]"))).isEqualTo(4);
    }

    @Test
    void aValueMayNestAsDeepAsTheLimitAndNoDeeper() throws Exception {
        int max = JsonDepth.MAX_VALUE;
        assertThat(JsonDepth.tooDeep(json("[".repeat(max) + "]".repeat(max)))).isFalse();
        JsonNode over = json("{\"a\": " + "[".repeat(max) + "]".repeat(max) + "}");
        assertThat(JsonDepth.tooDeep(over)).isTrue();
        assertThat(JsonDepth.message("the output of step 'x'", over))
                .isEqualTo("the output of step 'x' nests 1001 levels of objects and arrays; the limit is 1000");
        // counted without recursion: a script may make a value much deeper than the limit
        assertThat(JsonDepth.of(json("[".repeat(50_000) + "]".repeat(50_000)))).isEqualTo(50_000);
    }
}
