package io.flows.engine.auth;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down token guessing: a client address with {@code maxFailures} rejected tokens within
 * {@code failureWindow} gets 429 on {@code /api/**} until the oldest of them leaves the window.
 */
@Singleton
class FailureThrottle {

    private static final int MAX_ADDRESSES = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    FailureThrottle(AuthConfig config, Clock clock) {
        this.maxFailures = config.getMaxFailures();
        this.window = config.getFailureWindow();
        this.clock = clock;
    }

    /** Whole seconds the address must wait, or 0 when it may try. */
    long retryAfter(String address) {
        Deque<Instant> list = failures.get(address);
        if (list == null) {
            return 0;
        }
        synchronized (list) {
            Instant now = clock.instant();
            prune(list, now);
            if (list.size() < maxFailures) {
                return 0;
            }
            Duration left = Duration.between(now, list.peekFirst().plus(window));
            return Math.max(1, (left.toMillis() + 999) / 1000);
        }
    }

    void failed(String address) {
        if (failures.size() > MAX_ADDRESSES) {
            forgetQuietAddresses();
        }
        Deque<Instant> list = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (list) {
            Instant now = clock.instant();
            prune(list, now);
            list.addLast(now);
            while (list.size() > maxFailures) {
                list.removeFirst();
            }
        }
    }

    private void prune(Deque<Instant> list, Instant now) {
        while (!list.isEmpty() && !list.peekFirst().plus(window).isAfter(now)) {
            list.removeFirst();
        }
    }

    private void forgetQuietAddresses() {
        Instant now = clock.instant();
        failures.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                prune(e.getValue(), now);
                return e.getValue().isEmpty();
            }
        });
    }
}
