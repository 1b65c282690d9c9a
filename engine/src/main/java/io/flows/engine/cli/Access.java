package io.flows.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options shared by export, import and token, and how they reach the flows: the API when a service
 * answers, else the database.
 */
final class Access {

    @Option(names = "--url", description = "The service's address; default http://127.0.0.1:${MICRONAUT_SERVER_PORT:-8080}.")
    String url;

    @Option(names = "--database", description = "Work on the database (FLOWS_DATA_DIR or DATASOURCES_DEFAULT_URL) even if a service answers; "
            + "the service must be stopped.")
    boolean database;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:FLOWS_TOKEN}", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "An API token for the service (default: FLOWS_TOKEN); needed once the service has tokens.")
    String token;

    FlowsAccess open() {
        return open(false);
    }

    /**
     * @param existingOnly true for commands that only read: the embedded database must already exist, so that a
     *                     command run in the wrong folder says so instead of creating an empty database there
     */
    FlowsAccess open(boolean existingOnly) {
        if (database) {
            return database(existingOnly, null);
        }
        String base = url != null ? url : "http://127.0.0.1:" + System.getenv().getOrDefault("MICRONAUT_SERVER_PORT", "8080");
        ApiAccess api = ApiAccess.probe(base, token);
        if (api != null) {
            return api;
        }
        if (url != null) {
            throw new IllegalStateException("no Flows service answers at " + url);
        }
        FlowsAccess db = database(existingOnly, base);
        System.err.println("no service at " + base + ": working on the database directly");
        return db;
    }

    private static FlowsAccess database(boolean existingOnly, String triedUrl) {
        // where the configuration will look, in its order: system property, environment, default
        String url = System.getProperty("datasources.default.url", System.getenv().getOrDefault("DATASOURCES_DEFAULT_URL", ""));
        String dataDir = System.getProperty("flows.data-dir", System.getenv().getOrDefault("FLOWS_DATA_DIR", "./data"));
        if (existingOnly && url.isEmpty()) {
            Path file = Path.of(dataDir).resolve("flows.mv.db").toAbsolutePath().normalize();
            if (!Files.exists(file)) {
                throw new IllegalStateException((triedUrl == null ? "" : "no Flows service answers at " + triedUrl + ", and ")
                        + "there is no Flows database at " + file + "; run this in the service's folder, or give --url, "
                        + "FLOWS_DATA_DIR or DATASOURCES_DEFAULT_URL");
            }
        }
        return new DatabaseAccess();
    }
}
