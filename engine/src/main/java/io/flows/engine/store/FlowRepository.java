package io.flows.engine.store;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.H2)
public interface FlowRepository extends CrudRepository<FlowRow, String> {

    List<FlowRow> findByDeletedFalseOrderById();

    Optional<FlowRow> findByWebhookPathAndDeletedFalse(String webhookPath);
}
