package io.flows.engine.store;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
public interface FlowVersionRepository extends CrudRepository<FlowVersionRow, String> {

    List<FlowVersionRow> findByFlowIdOrderByVersionDesc(String flowId);
}
