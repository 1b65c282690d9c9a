package io.flows.engine.cli;

import io.flows.dsl.parse.Format;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.service.FlowService;
import io.flows.engine.service.SavedFlow;
import io.flows.engine.store.FlowRow;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Export, import and token commands on the database of a stopped service: the same storage code as the service,
 * without its HTTP server, and without running or recovering any execution.
 */
final class DatabaseAccess implements FlowsAccess {

    private final ApplicationContext context;
    private final FlowService flows;

    DatabaseAccess() {
        java.util.HashMap<String, Object> props = new java.util.HashMap<>(Map.of("flows.load-samples", false, "flows.recover", false));
        String url = System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", "");
        if (url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql")) {
            props.put("datasources.default.dialect", "POSTGRES");
        }
        this.context = ApplicationContext.builder().properties(props).start();
        this.flows = context.getBean(FlowService.class);
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
