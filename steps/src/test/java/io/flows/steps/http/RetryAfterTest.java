package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void readsSecondsAndDates() {
        assertThat(RetryAfter.millis("120", NOW)).isEqualTo(120_000L);
        assertThat(RetryAfter.millis(" 0 ", NOW)).isZero();
        assertThat(RetryAfter.millis("Mon, 30 Nov 2026 12:00:30 GMT", NOW)).isEqualTo(30_000L);
        assertThat(RetryAfter.millis("99999999999999999999", NOW)).isPositive();
    }

    @Test
    void aDateInThePastMeansNowAndWhatCannotBeReadIsNothing() {
        assertThat(RetryAfter.millis("Mon, 30 Nov 2026 11:00:00 GMT", NOW)).isZero();
        assertThat(RetryAfter.millis("soon", NOW)).isNull();
        assertThat(RetryAfter.millis("-5", NOW)).isNull();
        assertThat(RetryAfter.millis("", NOW)).isNull();
        assertThat(RetryAfter.millis(null, NOW)).isNull();
    }
}
