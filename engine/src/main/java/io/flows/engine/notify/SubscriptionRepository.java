package io.flows.engine.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
interface SubscriptionRepository extends CrudRepository<SubscriptionRow, String> {

    List<SubscriptionRow> findByEnabled(boolean enabled);

    List<SubscriptionRow> listOrderByCreatedAt();

    /** Only the switch, so a concurrent change of anything else (e.g. a secret rotation) is kept. */
    @Query("UPDATE subscriptions SET enabled = :enabled, disabled_reason = :reason, updated_at = :now WHERE id = :id")
    int setEnabled(String id, boolean enabled, @Nullable String reason, Instant now);
}
