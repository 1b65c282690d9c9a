package io.flows.engine.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void limitsEachKeyToItsRateWithBurstsUpToTheRate() {
        AtomicLong now = new AtomicLong();
        RateLimiter r = new RateLimiter(2, now::get);
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isEqualTo(1);
        assertThat(r.acquire("b")).as("another path has its own bucket").isZero();
        now.addAndGet(500_000_000L);
        assertThat(r.acquire("a")).isZero();
        assertThat(r.acquire("a")).isPositive();
        assertThat(new RateLimiter(0, now::get).acquire("a")).isZero();
    }
}
