package io.flows.engine.store;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
public interface StepRepository extends CrudRepository<StepRow, String> {

    List<StepRow> findByExecutionIdOrderBySeq(String executionId);

    @Query("DELETE FROM execution_steps WHERE execution_id IN (:executionIds)")
    void deleteByExecutionIds(List<String> executionIds);
}
