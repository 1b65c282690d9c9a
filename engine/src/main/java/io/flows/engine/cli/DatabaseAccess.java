package io.flows.engine.cli;

import io.flows.dsl.parse.Format;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.service.FlowService;
import io.flows.engine.service.SavedFlow;
import io.flows.engine.store.FlowRow;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Export, import and token commands on the database of a stopped service: the same storage code as the service,
 * without its HTTP server, and without running or recovering any execution.
 */
final class DatabaseAccess implements FlowsAccess {

    /** H2's error code when another process holds the database file ("Database may be already in use"). */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private final ApplicationContext context;
    private final FlowService flows;

    DatabaseAccess() {
        java.util.HashMap<String, Object> props = new java.util.HashMap<>(Map.of("flows.load-samples", false, "flows.recover", false));
        String url = System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", "");
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql")) {
            props.put("datasources.default.dialect", "POSTGRES");
        }
        ApplicationContext started = null;
        try {
            started = ApplicationContext.builder().properties(props).start();
            this.flows = started.getBean(FlowService.class);
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            throw new IllegalStateException(openFailure(e), e);
        }
        this.context = started;
    }

    /**
     * A sentence instead of the framework's bean-creation report ("Bean definition [javax.sql.DataSource] could not
     * be loaded ... Path Taken ..."), whose cause is most often a service running on the same H2 file.
     */
    static String openFailure(Throwable failure) {
        String url = System.getProperty("datasources.default.url", System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", ""));
        String database = url.isEmpty()
                ? "the database " + Path.of(System.getProperty("flows.data-dir", System.getenv().getOrDefault("FLOWS_DATA_DIR",
                        "./data"))).resolve("flows.mv.db").toAbsolutePath().normalize()
                : "the database " + url;
        Throwable root = failure;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return database + " is in use by a running service (an H2 database is opened by one process at a time): "
                        + "work through the service's API instead (leave out --database, or give --url with its address), "
                        + "or stop the service first";
            }
            root = t;
        }
        return "cannot open " + database + ": " + root.getMessage();
    }

    @Override
    public List<FlowText> all() {
        List<FlowText> out = new ArrayList<>();
        for (FlowRow row : flows.list()) {
            SavedFlow saved = flows.get(row.id());
            boolean yaml = saved.version().format().equals(Format.YAML.name());
            out.add(new FlowText(row.id(), saved.version().source(), yaml, row.enabled()));
        }
        return out;
    }

    @Override
    public String save(FlowText flow) throws IOException {
        byte[] bytes = flow.text().getBytes(StandardCharsets.UTF_8);
        Format format = flow.yaml() ? Format.YAML : Format.JSON;
        try {
            try {
                SavedFlow current = flows.get(flow.id());
                if (current.version().source().equals(flow.text())) {
                    return "unchanged";
                }
                return "version " + flows.update(flow.id(), bytes, format, List.of(current.version().version())).version().version();
            } catch (ApiProblem notFound) {
                if (notFound.status().getCode() != 404) {
                    throw notFound;
                }
                flows.create(bytes, format, flow.enabled());
                return flow.enabled() ? "created" : "created disabled";
            }
        } catch (ApiProblem p) {
            StringBuilder b = new StringBuilder(p.getMessage());
            p.errors().forEach(e -> b.append("\n  ").append(e));
            throw new IOException(b.toString(), p);
        }
    }

    /** A bean of the storage context (the token commands use the token service). */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public String where() {
        return "the database " + context.getProperty("datasources.default.url", String.class).orElse("?");
    }

    @Override
    public void close() {
        context.close();
    }
}
