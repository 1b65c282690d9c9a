package io.flows.engine.hooks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per key: {@code rate} per second, bursts up to {@code rate}; a rate of 0 or less never limits. */
final class RateLimiter {

    private final double rate;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;
    }

    RateLimiter(double rate, LongSupplier nanos) {
        this.rate = rate;
        this.nanos = nanos;
    }

    /** 0 when a token was taken; else the whole seconds to wait before one is there. */
    long acquire(String key) {
        if (rate <= 0) {
            return 0;
        }
        long now = nanos.getAsLong();
        Bucket b = buckets.computeIfAbsent(key, k -> {
            Bucket n = new Bucket();
            n.tokens = rate;
            n.at = now;
            return n;
        });
        synchronized (b) {
            b.tokens = Math.min(rate, b.tokens + (now - b.at) / 1e9 * rate);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / rate));
        }
    }
}
