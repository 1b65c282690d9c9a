package io.flows.engine.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.H2)
public interface ExecutionRepository extends CrudRepository<ExecutionRow, String> {

    List<ExecutionHead> queryByFlowIdOrderByQueuedAtDesc(String flowId, Pageable page);

    List<ExecutionHead> queryByFlowIdAndStatusOrderByQueuedAtDesc(String flowId, String status, Pageable page);

    boolean existsByFlowId(String flowId);

    /** An execution's status alone: what a node that does not run the execution reads while it waits for the end. */
    Optional<String> findStatusById(String id);

    Optional<Integer> findFlowVersionById(String id);

    List<String> findIdByFinishedAtLessThan(Instant before, Pageable page);

    void deleteByIdIn(List<String> ids);

    /** Queued or running executions of a node. */
    List<ExecutionHead> queryByNodeIdAndStatusInOrderByQueuedAt(String nodeId, List<String> statuses);

    /** The nodes named by queued or running executions. */
    @Query("SELECT DISTINCT node_id FROM executions WHERE status IN ('QUEUED', 'RUNNING') AND node_id IS NOT NULL")
    List<String> openOwners();

    /** Takes over the open executions of node {@code from}. */
    @Query("UPDATE executions SET node_id = :to WHERE node_id = :from AND status IN ('QUEUED', 'RUNNING')")
    int adopt(String from, String to);

    /**
     * Takes over the open executions of node {@code from} if its heartbeat is still older than
     * {@code cutoff} when the rows are moved: a node that came back meanwhile keeps its work.
     */
    @Query("UPDATE executions SET node_id = :to WHERE node_id = :from AND status IN ('QUEUED', 'RUNNING') "
            + "AND EXISTS (SELECT 1 FROM nodes WHERE id = :from AND heartbeat_at < :cutoff)")
    int adoptStale(String from, String to, Instant cutoff);

    /**
     * Whether a queued execution is still this node's: the row lock waits for a concurrent
     * take-over to commit, so after it at most one node runs the execution.
     */
    @Query("UPDATE executions SET node_id = :node WHERE id = :id AND node_id = :node AND status = 'QUEUED'")
    int confirmQueued(String id, String node);

    /** Takes over the open executions that name no node (written before nodes were recorded). */
    @Query("UPDATE executions SET node_id = :to WHERE node_id IS NULL AND status IN ('QUEUED', 'RUNNING')")
    int adoptUnowned(String to);

    long countByStatus(String status);
}
