package io.flows.engine.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.H2)
public interface WebhookDeliveryRepository extends CrudRepository<WebhookDeliveryRow, String> {

    Optional<WebhookDeliveryRow> findByFlowIdAndDedupeKey(String flowId, String dedupeKey);

    List<WebhookDeliveryRow> findByNodeIdAndStatusOrderByReceivedAt(String nodeId, String status);

    /** The nodes named by deliveries not yet processed. */
    @Query("SELECT DISTINCT node_id FROM webhook_deliveries WHERE status = 'RECEIVED' AND node_id IS NOT NULL")
    List<String> openOwners();

    List<WebhookDeliveryRow> findByNodeIdIsNullAndStatusOrderByReceivedAt(String status);

    List<WebhookDeliveryRow> findByFlowIdOrderByReceivedAtDesc(String flowId, Pageable page);

    List<WebhookDeliveryRow> findByStatusOrderByReceivedAtDesc(String status, Pageable page);

    List<WebhookDeliveryRow> findByFlowIdAndStatusOrderByReceivedAtDesc(String flowId, String status, Pageable page);

    /** Any flow, any status; the pageable carries the order. */
    List<WebhookDeliveryRow> list(Pageable page);

    /** Ties the delivery to the execution that will process it; 0 when another one already has. */
    @Query("UPDATE webhook_deliveries SET execution_id = :executionId WHERE id = :id AND execution_id IS NULL")
    int claim(String id, String executionId);

    /** Takes a delivery over from node {@code from}; 0 when another node was quicker. */
    @Query("UPDATE webhook_deliveries SET node_id = :to WHERE id = :id AND node_id = :from")
    int move(String id, String from, String to);

    /** Takes over a delivery that names no node (received before nodes were recorded); 0 when another node was quicker. */
    @Query("UPDATE webhook_deliveries SET node_id = :to WHERE id = :id AND node_id IS NULL")
    int moveUnowned(String id, String to);

    /** The highest sequence processed for an ordering key, or null. */
    @Query("SELECT MAX(sequence_no) FROM webhook_deliveries WHERE flow_id = :flowId AND ordering_key = :orderingKey AND status = 'PROCESSED'")
    @Nullable
    Long lastProcessedSequence(String flowId, String orderingKey);

    /** Forgets the dedupe keys of deliveries received before {@code before}: a repeat of them is new again. */
    @Query("UPDATE webhook_deliveries SET dedupe_key = NULL WHERE dedupe_key IS NOT NULL AND received_at < :before")
    int forgetKeys(Instant before);

    @Query("UPDATE webhook_deliveries SET dedupe_key = NULL WHERE id = :id")
    int forgetKey(String id);

    /**
     * Deletes deliveries received before {@code before} that are no longer waiting to be processed and whose
     * dedupe key is forgotten: a retention shorter than the dedupe window must not make a repeat new again.
     */
    @Query("DELETE FROM webhook_deliveries WHERE received_at < :before AND status <> 'RECEIVED' AND dedupe_key IS NULL")
    int deleteEndedBefore(Instant before);

    @Query("UPDATE webhook_deliveries SET status = :status, error_json = :errorJson WHERE id = :id")
    int finish(String id, String status, @Nullable String errorJson);

    /** Ended without an execution: the one it had claimed was never stored, so it names none. */
    @Query("UPDATE webhook_deliveries SET status = :status, error_json = :errorJson, execution_id = NULL WHERE id = :id")
    int finishUnstarted(String id, String status, String errorJson);
}
