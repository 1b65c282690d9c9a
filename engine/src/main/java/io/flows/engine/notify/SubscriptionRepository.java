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

    /** The secret as stored anew (sealed), unless it changed since it was read (a rotation meanwhile wins). */
    @Query("UPDATE subscriptions SET secret = :fresh WHERE id = :id AND secret = :stored")
    int replaceSecret(String id, String stored, String fresh);

    /** The same for the secret that signs too during a rotation's grace period. */
    @Query("UPDATE subscriptions SET previous_secret = :fresh WHERE id = :id AND previous_secret = :stored")
    int replacePreviousSecret(String id, String stored, String fresh);
}
