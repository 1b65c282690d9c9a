package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The REST contract on PostgreSQL at 127.0.0.1:5432 (user {@code postgres}, trust authentication),
 * each service on a database of its own that {@link TestDatabase#postgres()} makes and drops.
 * Without a reachable server the class is skipped loudly, or fails when {@code CI=true}.
 */
class PostgresApiTest extends AbstractApiTest {

    @Override
    protected TestDatabase createDatabase() {
        return TestDatabase.postgres();
    }

    @Test
    void runsOnItsOwnPostgresDatabase() throws SQLException {
        String name = database().name();
        try (Connection c = TestDatabase.postgresAdmin(); PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).isTrue();
            }
        }
        assertThat(name).startsWith("flows_test_").isNotEqualTo("test");
        assertThat(server().getApplicationContext().getProperty("datasources.default.url", String.class).orElseThrow())
                .contains("/" + name);
    }
}
