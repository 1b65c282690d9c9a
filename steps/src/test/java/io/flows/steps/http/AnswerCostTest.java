package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.Test;

class AnswerCostTest {

    @Test
    void theMostPossibleCostPerByteBoundsTheCostliestTexts() {
        for (String json : List.of("[[]]", "[[],[],[]]", "{}", "{\"\":{}}", "{\"a\":[]}", "[{}]", "[\"ab\",\"cd\"]",
                "[123456,1.5]", "{\"a\":123456,\"b\":\"xy\",\"c\":true}")) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            assertThat(AnswerCost.of(body, ContentType.APPLICATION_JSON))
                    .as(json).isLessThanOrEqualTo(body.length * AnswerCost.MOST_PER_BYTE);
        }
    }

    @Test
    void aSmallAnswerIsChargedItsBoundWithoutBeingReadAndALargeOneItsEstimate() {
        byte[] small = "{\"erpId\":\"ERP-1\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(AnswerCost.of(small, ContentType.APPLICATION_JSON, 64 * 1024))
                .isEqualTo(small.length * AnswerCost.MOST_PER_BYTE);
        byte[] large = ("[" + "0,".repeat(10_000) + "0]").getBytes(StandardCharsets.UTF_8);
        assertThat(AnswerCost.of(large, ContentType.APPLICATION_JSON, 64 * 1024))
                .isEqualTo(AnswerCost.of(large, ContentType.APPLICATION_JSON));
    }
}
