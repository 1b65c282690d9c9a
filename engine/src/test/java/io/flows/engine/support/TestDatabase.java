package io.flows.engine.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A new, empty database for a service under test, removed by {@link #close()}: an H2 file in a
 * temporary folder, or a PostgreSQL database of its own ({@code flows_test_<random>}) at
 * 127.0.0.1:5432 (user {@code postgres}, trust authentication), made through the {@code postgres}
 * database. Without a reachable PostgreSQL a test is skipped loudly, or fails when {@code CI=true}.
 * Several services may share one database (that is how several nodes are tested).
 */
public abstract class TestDatabase implements AutoCloseable {

    /** host:port of the server; {@code -Dflows.test.postgres=host:port} points elsewhere. */
    public static final String POSTGRES_HOST = System.getProperty("flows.test.postgres", "127.0.0.1:5432");
    static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://" + POSTGRES_HOST + "/postgres";
    static final String POSTGRES_USER = "postgres";

    /** The service settings that point at this database. */
    public abstract Map<String, Object> properties();

    /** What the database is called (the folder for H2). */
    public abstract String name();

    /** The JDBC URL of the database the service opens with {@link #properties()}, to set it up as a test needs. */
    public abstract String jdbcUrl();

    /** The user of {@link #jdbcUrl()}; its password is empty. */
    public abstract String user();

    public static TestDatabase h2() {
        try {
            return new H2(Files.createTempDirectory("flows-h2-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips (or fails with {@code CI=true}) the calling test when PostgreSQL is not reachable. */
    public static TestDatabase postgres() {
        requirePostgres();
        String name = "flows_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = postgresAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create " + name, e);
        }
        return new Postgres(name);
    }

    public static Connection postgresAdmin() throws SQLException {
        return DriverManager.getConnection(POSTGRES_ADMIN_URL, POSTGRES_USER, "");
    }

    /**
     * Opens or shuts PostgreSQL database {@code name} to new connections, and on shutting also ends the open ones: a
     * database outage as the service sees it.
     */
    public static void allowConnections(String name, boolean allow) throws SQLException {
        try (Connection c = postgresAdmin(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + name + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                try (PreparedStatement kill = c.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    kill.setString(1, name);
                    kill.execute();
                }
            }
        }
    }

    public static void requirePostgres() {
        try (Connection c = postgresAdmin()) {
            c.isValid(2);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + POSTGRES_HOST + " — the PostgreSQL tests did not run (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message, e);
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort("SKIPPED: " + message);
        }
    }

    private static final class H2 extends TestDatabase {
        private final Path dir;

        H2(Path dir) {
            this.dir = dir;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of("flows.data-dir", dir.toString());
        }

        @Override
        public String name() {
            return dir.toString();
        }

        @Override
        public String jdbcUrl() {
            // the file application.yml names under flows.data-dir
            return "jdbc:h2:file:" + dir + "/flows";
        }

        @Override
        public String user() {
            return "sa";
        }

        @Override
        public void close() throws IOException {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static final class Postgres extends TestDatabase {
        private final String name;

        Postgres(String name) {
            this.name = name;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of(
                    "datasources.default.url", jdbcUrl(),
                    "datasources.default.username", POSTGRES_USER,
                    "datasources.default.password", "",
                    "datasources.default.dialect", "POSTGRES");
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:postgresql://" + POSTGRES_HOST + "/" + name;
        }

        @Override
        public String user() {
            return POSTGRES_USER;
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = postgresAdmin()) {
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
}
