package io.flows.engine.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Prometheus counters: deliveries enqueued and ended by event and status, attempts by outcome. */
@Singleton
class NotificationMetrics {

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void enqueued(String eventType) {
        delivery(eventType, "ENQUEUED");
    }

    /** A delivery ended: SUCCEEDED or FAILED. */
    void delivery(String eventType, String status) {
        Counter.builder("flows.notification.deliveries").description("notification deliveries by event and status")
                .tag("event", eventType).tag("status", status).register(registry).increment();
    }

    /** One attempt: {@code 2xx}, {@code 4xx}, {@code 5xx}, {@code timeout} or {@code error}. */
    void attempt(String outcome) {
        Counter.builder("flows.notification.attempts").description("notification attempts by outcome")
                .tag("outcome", outcome).register(registry).increment();
    }
}
