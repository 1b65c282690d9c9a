package io.flows.engine.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
interface DeliveryRepository extends CrudRepository<DeliveryRow, String> {

    /** Due deliveries of enabled subscriptions, oldest due first: the poller's one query (index on status, next_attempt_at). */
    @Query("SELECT d.* FROM notification_deliveries d JOIN subscriptions s ON s.id = d.subscription_id"
            + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now AND s.enabled = TRUE"
            + " ORDER BY d.next_attempt_at LIMIT :limit")
    List<DeliveryRow> findDue(Instant now, int limit);

    /** {@link #findDue} without the deliveries of {@code busy} subscriptions (not empty), which have all they may have in flight. */
    @Query("SELECT d.* FROM notification_deliveries d JOIN subscriptions s ON s.id = d.subscription_id"
            + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= :now AND s.enabled = TRUE"
            + " AND d.subscription_id NOT IN (:busy)"
            + " ORDER BY d.next_attempt_at LIMIT :limit")
    List<DeliveryRow> findDueExcept(Instant now, Collection<String> busy, int limit);

    /**
     * Takes a due delivery for one attempt: counts the attempt and pushes its due time past the
     * attempt's deadline, so no other poller (of this node or another) takes it meanwhile; 0 when
     * someone else was first. A node that dies mid-attempt leaves it to be taken again after the lease.
     */
    @Query("UPDATE notification_deliveries SET attempts = attempts + 1, next_attempt_at = :leaseUntil, updated_at = :now"
            + " WHERE id = :id AND status = 'PENDING' AND attempts = :attempts AND next_attempt_at <= :now")
    int claim(String id, int attempts, Instant now, Instant leaseUntil);

    /** Records an attempt's outcome, unless a redelivery has taken the delivery since its claim (then 0). */
    @Query("UPDATE notification_deliveries SET status = :status, next_attempt_at = :nextAttemptAt, last_attempt_at = :attemptedAt,"
            + " last_status_code = :statusCode, last_error = :error, updated_at = :now"
            + " WHERE id = :id AND attempts = :attempt AND next_attempt_at = :leaseUntil")
    int recordOutcome(String id, int attempt, Instant leaseUntil, String status, @Nullable Instant nextAttemptAt,
                      Instant attemptedAt, @Nullable Integer statusCode, @Nullable String error, Instant now);

    /** A manual redelivery: due now; one attempt only unless the delivery was still being retried. */
    @Query("UPDATE notification_deliveries SET single_attempt = CASE WHEN status = 'PENDING' THEN single_attempt ELSE TRUE END,"
            + " status = 'PENDING', next_attempt_at = :now, updated_at = :now WHERE id = :id")
    int redeliver(String id, Instant now);

    List<DeliveryRow> findBySubscriptionIdOrderByCreatedAtDesc(String subscriptionId, Pageable page);

    List<DeliveryRow> findBySubscriptionIdAndStatusOrderByCreatedAtDesc(String subscriptionId, String status, Pageable page);

    @Query("DELETE FROM notification_deliveries WHERE subscription_id = :subscriptionId")
    int deleteOfSubscription(String subscriptionId);

    @Query("DELETE FROM notification_deliveries WHERE status <> 'PENDING' AND updated_at < :before")
    int deleteEndedBefore(Instant before);

    long countByStatus(String status);
}
