package io.flows.engine.schedule;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;

@JdbcRepository(dialect = Dialect.H2)
interface ScheduleLeaseRepository extends CrudRepository<ScheduleLeaseRow, String> {

    /** Renews the lease held by {@code owner}, or takes an expired one; 1 when {@code owner} holds it now. */
    @Query("UPDATE schedule_lease SET owner = :owner, expires_at = :until WHERE name = :name AND (owner = :owner OR expires_at < :now)")
    int acquire(String name, String owner, Instant until, Instant now);

    /** Lets the lease go at once (on shutdown), so another node need not wait for it to expire. */
    @Query("UPDATE schedule_lease SET expires_at = :now WHERE name = :name AND owner = :owner")
    int release(String name, String owner, Instant now);
}
