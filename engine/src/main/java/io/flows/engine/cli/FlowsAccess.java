package io.flows.engine.cli;

import java.io.IOException;
import java.util.List;

/** Where export and import find the flows: a running service's API, or the database of a stopped one. */
interface FlowsAccess extends AutoCloseable {

    /** A flow as saved: its id, its text (YAML as written, or JSON), and whether its trigger may start it. */
    record FlowText(String id, String text, boolean yaml, boolean enabled) {
    }

    List<FlowText> all() throws IOException;

    /**
     * Creates the flow (disabled if it is not {@link FlowText#enabled}) or saves a new version, which leaves a flow's
     * state as it is; returns what happened, e.g. "created", "created disabled", "version 3", "unchanged".
     */
    String save(FlowText flow) throws IOException;

    String where();

    @Override
    void close();
}
