package io.flows.engine.cli;

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
        if (database) {
            return new DatabaseAccess();
        }
        String base = url != null ? url : "http://127.0.0.1:" + System.getenv().getOrDefault("MICRONAUT_SERVER_PORT", "8080");
        ApiAccess api = ApiAccess.probe(base, token);
        if (api != null) {
            return api;
        }
        if (url != null) {
            throw new IllegalStateException("no Flows service answers at " + url);
        }
        System.err.println("no service at " + base + ": working on the database directly");
        return new DatabaseAccess();
    }
}
