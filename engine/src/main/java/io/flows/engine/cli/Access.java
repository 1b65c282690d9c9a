package io.flows.engine.cli;

/** Picks how export and import reach the flows: the API when a service answers, else the database. */
final class Access {

    private Access() {
    }

    static FlowsAccess open(String url, boolean database) {
        if (database) {
            return new DatabaseAccess();
        }
        String base = url != null ? url : "http://127.0.0.1:" + System.getenv().getOrDefault("MICRONAUT_SERVER_PORT", "8080");
        ApiAccess api = ApiAccess.probe(base);
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
