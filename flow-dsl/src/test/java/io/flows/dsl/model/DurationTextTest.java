package io.flows.dsl.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void aDurationIsSaidInTheLargestUnitThatHoldsItExactlyAsAFlowWritesIt() {
        assertThat(DurationText.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(DurationText.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationText.format(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0ms");
        assertThat(DurationText.format(Duration.ofNanos(999_600_000))).as("to the nearest millisecond").isEqualTo("1s");
    }

    @Test
    void whatItSaysReadsBackAsTheSameDuration() {
        for (String text : new String[] {"1ms", "999ms", "1s", "61s", "59m", "1h", "25h"}) {
            Duration d = DurationText.parse(text).value();
            assertThat(DurationText.parse(DurationText.format(d)).value()).as(text).isEqualTo(d);
        }
    }
}
