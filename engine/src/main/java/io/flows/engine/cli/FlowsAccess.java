package io.flows.engine.cli;

import java.io.IOException;
import java.util.List;

/** Where export and import find the flows: a running service's API, or the database of a stopped one. */
interface FlowsAccess extends AutoCloseable {

    /** A flow as saved: its id, and its text (YAML as written, or JSON). */
    record FlowText(String id, String text, boolean yaml) {
    }

    List<FlowText> all() throws IOException;

    /** Creates the flow or saves a new version; returns what happened, e.g. "created", "version 3", "unchanged". */
    String save(FlowText flow) throws IOException;

    String where();

    @Override
    void close();
}
