package io.flows.engine.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
public interface ExecutionRepository extends CrudRepository<ExecutionRow, String> {

    List<ExecutionRow> findByFlowIdOrderByQueuedAtDesc(String flowId, Pageable page);

    List<ExecutionRow> findByFlowIdAndStatusOrderByQueuedAtDesc(String flowId, String status, Pageable page);

    List<ExecutionRow> findByStatusOrderByQueuedAt(String status);

    List<ExecutionRow> findByFinishedAtLessThan(Instant before, Pageable page);

    @Query("UPDATE executions SET status = 'FAILED', finished_at = :now, error_json = :error WHERE status = 'RUNNING'")
    int failRunning(Instant now, String error);

    long countByStatus(String status);
}
