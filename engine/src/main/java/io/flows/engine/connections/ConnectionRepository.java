package io.flows.engine.connections;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.H2)
public interface ConnectionRepository extends CrudRepository<ConnectionRow, String> {

    List<ConnectionRow> findByEnvironment(String environment);

    List<ConnectionRow> findByNameOrderByEnvironment(String name);

    void deleteByName(String name);
}
