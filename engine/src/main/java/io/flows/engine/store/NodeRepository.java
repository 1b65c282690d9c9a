package io.flows.engine.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
public interface NodeRepository extends CrudRepository<NodeRow, String> {

    @Query("UPDATE nodes SET heartbeat_at = :now WHERE id = :id")
    int beat(String id, Instant now);

    /** A node's process (re)started: its start, first heartbeat and heartbeat interval. */
    @Query("UPDATE nodes SET started_at = :now, heartbeat_at = :now, heartbeat_millis = :heartbeatMillis WHERE id = :id")
    int restarted(String id, Instant now, long heartbeatMillis);

    /** Nodes whose last heartbeat is older than {@code cutoff}: presumed dead. */
    List<NodeRow> findByHeartbeatAtLessThan(Instant cutoff);

    /** Forgets a node whose heartbeat is still older than {@code cutoff} (it did not come back meanwhile). */
    @Query("DELETE FROM nodes WHERE id = :id AND heartbeat_at < :cutoff")
    int forget(String id, Instant cutoff);
}
