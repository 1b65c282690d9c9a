package io.flows.engine.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.H2)
public interface ApiTokenRepository extends CrudRepository<ApiTokenRow, String> {

    Optional<ApiTokenRow> findByTokenHash(String tokenHash);

    List<ApiTokenRow> findAllOrderByCreatedAt();

    @Query("UPDATE api_tokens SET last_used_at = :at WHERE id = :id")
    void markUsed(String id, Instant at);

    @Query("UPDATE api_tokens SET revoked_at = :at WHERE id = :id AND revoked_at IS NULL")
    int revoke(String id, Instant at);
}
