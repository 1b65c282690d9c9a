package io.flows.engine.schedule;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
interface ScheduleFireRepository extends CrudRepository<ScheduleFireRow, String> {

    boolean existsByFlowIdAndFireTime(String flowId, Instant fireTime);

    List<ScheduleFireRow> findByFlowIdOrderByFireTimeDesc(String flowId, Pageable page);

    @Query("DELETE FROM schedule_fires WHERE recorded_at < :before")
    int deleteRecordedBefore(Instant before);
}
