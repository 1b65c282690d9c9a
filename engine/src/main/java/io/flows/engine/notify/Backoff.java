package io.flows.engine.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** When a failed attempt is tried again: the n-th wait of the schedule after attempt n, then never. */
record Backoff(List<Duration> waits) {

    Backoff {
        waits = List.copyOf(waits);
    }

    /** When attempt {@code attempt + 1} is due after attempt {@code attempt} (1-based) failed at {@code now}; empty: give up. */
    Optional<Instant> next(int attempt, Instant now) {
        return attempt >= 1 && attempt <= waits.size() ? Optional.of(now.plus(waits.get(attempt - 1))) : Optional.empty();
    }

    int maxAttempts() {
        return waits.size() + 1;
    }
}
