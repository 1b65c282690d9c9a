package io.flows.engine.schedule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One tick of a schedule, unique per flow and fire time: FIRED (its execution started), MISSED
 * (no node served it in time), or CATCH_UP (the latest missed tick, run late under misfire
 * run-once). {@code ticks} is 1, or on the single row that stands for the older ticks of a long
 * outage, how many it stands for.
 */
@MappedEntity(value = "schedule_fires", escape = false)
record ScheduleFireRow(
        @Id String id,
        String flowId,
        Instant fireTime,
        String status,
        @Nullable String executionId,
        int ticks,
        Instant recordedAt,
        String node) {

    static final String FIRED = "FIRED";
    static final String MISSED = "MISSED";
    static final String CATCH_UP = "CATCH_UP";
}
