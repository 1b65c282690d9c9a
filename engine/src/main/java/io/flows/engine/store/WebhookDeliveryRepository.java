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

    List<WebhookDeliveryRow> findByStatusOrderByReceivedAt(String status);

    List<WebhookDeliveryRow> findByFlowIdOrderByReceivedAtDesc(String flowId, Pageable page);

    List<WebhookDeliveryRow> findByStatusOrderByReceivedAtDesc(String status, Pageable page);

    List<WebhookDeliveryRow> findByFlowIdAndStatusOrderByReceivedAtDesc(String flowId, String status, Pageable page);

    /** Any flow, any status; the pageable carries the order. */
    List<WebhookDeliveryRow> list(Pageable page);

    /** Ties the delivery to the execution that will process it; 0 when another one already has. */
    @Query("UPDATE webhook_deliveries SET execution_id = :executionId WHERE id = :id AND execution_id IS NULL")
    int claim(String id, String executionId);

    /** The highest sequence processed for an ordering key, or null. */
    @Query("SELECT MAX(sequence_no) FROM webhook_deliveries WHERE flow_id = :flowId AND ordering_key = :orderingKey AND status = 'PROCESSED'")
    @Nullable
    Long lastProcessedSequence(String flowId, String orderingKey);

    /** Forgets the dedupe keys of deliveries received before {@code before}: a repeat of them is new again. */
    @Query("UPDATE webhook_deliveries SET dedupe_key = NULL WHERE dedupe_key IS NOT NULL AND received_at < :before")
    int forgetKeys(Instant before);

    @Query("UPDATE webhook_deliveries SET dedupe_key = NULL WHERE id = :id")
    int forgetKey(String id);

    /** Deletes deliveries received before {@code before} that are no longer waiting to be processed. */
    @Query("DELETE FROM webhook_deliveries WHERE received_at < :before AND status <> 'RECEIVED'")
    int deleteEndedBefore(Instant before);

    @Query("UPDATE webhook_deliveries SET status = :status, error_json = :errorJson WHERE id = :id")
    int finish(String id, String status, @Nullable String errorJson);
}
