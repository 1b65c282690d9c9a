package io.flows.engine.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

@JdbcRepository(dialect = Dialect.H2)
public interface IdempotencyRepository extends CrudRepository<IdempotencyRow, String> {

    @Query("DELETE FROM idempotency_keys WHERE created_at < :before")
    int deleteOlderThan(Instant before);

    /** Removes one key only if it has expired: a fresh one may have been stored by another node meanwhile. */
    @Query("DELETE FROM idempotency_keys WHERE id = :id AND created_at <= :expiredAt")
    int deleteIfExpired(String id, Instant expiredAt);

    /** Removes a key that still names this execution (not one another node has stored meanwhile for a new one). */
    int deleteByIdAndExecutionId(String id, String executionId);
}
