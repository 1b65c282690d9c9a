package io.flows.engine.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

/** Schedule ticks by flow and status (FIRED, MISSED, CATCH_UP), counted on the node that recorded them. */
@Singleton
class ScheduleMetrics {

    private final MeterRegistry registry;

    ScheduleMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void fire(String flowId, String status) {
        fire(flowId, status, 1);
    }

    void fire(String flowId, String status, long ticks) {
        Counter.builder("flows.schedule.ticks").description("schedule ticks by status").tag("flow", flowId)
                .tag("status", status).register(registry).increment(ticks);
    }
}
