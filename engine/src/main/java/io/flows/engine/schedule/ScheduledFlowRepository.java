package io.flows.engine.schedule;

import io.flows.engine.store.FlowRow;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/**
 * The flows whose latest version has a schedule trigger, read from the table each time rather than
 * from a node's cache, so a flow saved, disabled or deleted through another node is seen at once.
 */
@JdbcRepository(dialect = Dialect.H2)
interface ScheduledFlowRepository extends GenericRepository<FlowRow, String> {

    List<FlowRow> findByTriggerTypeAndDeletedFalseOrderById(String triggerType);
}
