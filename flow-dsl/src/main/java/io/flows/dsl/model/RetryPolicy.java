package io.flows.dsl.model;

import java.util.List;

/**
 * How often a failing step is tried. Retried: connection errors, timeouts, HTTP 408/429/5xx and
 * injected faults; other failures only when {@code on} lists their code or HTTP status.
 */
public record RetryPolicy(
        @Field(title = "Max attempts", description = "All attempts, the first one included.", defaultValue = "1", minimum = 1, maximum = 100)
        Integer maxAttempts,
        @Field(title = "Delay", description = "Wait before the second attempt.", widget = "duration", defaultValue = "\"200ms\"")
        DurationText delay,
        @Field(title = "Multiplier", description = "Each wait is the previous one times this.", defaultValue = "1", minimum = 1, maximum = 10)
        Double multiplier,
        @Field(title = "Max delay", description = "Upper bound for one wait.", widget = "duration")
        DurationText maxDelay,
        @Field(title = "Also retry on", description = "Extra error codes (e.g. ERP_DOWN) or HTTP statuses (e.g. 404) to retry.")
        List<String> on) {

    public static final RetryPolicy NONE = new RetryPolicy(1, null, null, null, List.of());

    public RetryPolicy {
        on = on == null ? List.of() : List.copyOf(on);
    }

    public int attempts() {
        return maxAttempts == null ? 1 : maxAttempts;
    }

    /** Wait before attempt {@code next} (2 for the first retry). */
    public long delayMillisBefore(int next) {
        long base = delay == null ? 200 : delay.toMillis();
        double factor = multiplier == null ? 1.0 : multiplier;
        double wait = base * Math.pow(factor, Math.max(0, next - 2));
        long cap = maxDelay == null ? Long.MAX_VALUE : maxDelay.toMillis();
        return (long) Math.min(wait, cap);
    }
}
