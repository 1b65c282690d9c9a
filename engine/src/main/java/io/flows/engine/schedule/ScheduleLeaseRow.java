package io.flows.engine.schedule;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** The lease that makes one node serve the schedules; expired, any node may take it. */
@MappedEntity(value = "schedule_lease", escape = false)
record ScheduleLeaseRow(@Id String name, String owner, Instant expiresAt) {
}
