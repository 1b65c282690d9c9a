package io.flows.engine.notify;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
interface AttemptRepository extends CrudRepository<AttemptRow, String> {

    List<AttemptRow> findByDeliveryIdInOrderByAttempt(Collection<String> deliveryIds);

    @Query("DELETE FROM notification_attempts WHERE delivery_id IN (SELECT id FROM notification_deliveries WHERE subscription_id = :subscriptionId)")
    int deleteOfSubscription(String subscriptionId);

    @Query("DELETE FROM notification_attempts WHERE delivery_id IN (SELECT id FROM notification_deliveries WHERE status <> 'PENDING' AND updated_at < :before)")
    int deleteOfEndedBefore(Instant before);
}
