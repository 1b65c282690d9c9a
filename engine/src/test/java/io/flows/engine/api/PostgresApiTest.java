package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The REST contract on PostgreSQL at 127.0.0.1:5432 (user {@code postgres}, trust authentication).
 * Each service gets a database of its own ({@code flows_test_<random>}), made through the
 * {@code postgres} database and dropped afterwards. Without a reachable server the class is skipped
 * loudly, or fails when {@code CI=true}.
 */
class PostgresApiTest extends AbstractApiTest {

    /** host:port of the server; {@code -Dflows.test.postgres=host:port} points elsewhere. */
    static final String HOST = System.getProperty("flows.test.postgres", "127.0.0.1:5432");
    static final String ADMIN_URL = "jdbc:postgresql://" + HOST + "/postgres";
    static final String USER = "postgres";

    private final List<String> databases = new ArrayList<>();

    @Override
    protected Map<String, Object> newDatabase() throws SQLException {
        requireServer();
        String name = "flows_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        databases.add(name);
        return Map.of(
                "datasources.default.url", "jdbc:postgresql://" + HOST + "/" + name,
                "datasources.default.username", USER,
                "datasources.default.password", "",
                "datasources.default.dialect", "POSTGRES");
    }

    @Override
    protected void dropDatabases() throws SQLException {
        if (databases.isEmpty()) {
            return;
        }
        try (Connection c = admin()) {
            for (String name : databases) {
                try (PreparedStatement kill = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    kill.setString(1, name);
                    kill.execute();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                }
            }
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL, USER, "");
    }

    private static void requireServer() {
        try (Connection c = admin()) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + HOST + " — PostgresApiTest did not run (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message, e);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort("SKIPPED: " + message);
        }
    }

    @Test
    void runsOnItsOwnPostgresDatabase() throws SQLException {
        String name = databases.get(0);
        try (Connection c = admin(); PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
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
