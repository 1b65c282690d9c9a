package io.flows.engine.schedule;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Where a served schedule stands: its first tick not yet handled, for the cron and zone it was computed with. */
@MappedEntity(value = "schedules", escape = false)
record ScheduleRow(@Id String flowId, String cron, String timeZone, Instant nextFireAt, Instant updatedAt) {

    boolean sameSchedule(CronSchedule s) {
        return cron.equals(s.cron()) && timeZone.equals(s.zone().getId());
    }
}
