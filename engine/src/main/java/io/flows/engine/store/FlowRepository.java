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

    /**
     * The flow's row, locked until the transaction ends: every change of a flow reads its row this way first, so that
     * changes at the same moment (a save and a delete, on one node or two) take turns instead of one writing back a
     * row the other has changed.
     */
    Optional<FlowRow> findByIdForUpdate(String id);
}
