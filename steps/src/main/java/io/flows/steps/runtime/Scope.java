package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code steps.<id>}, {@code index} and {@code error} mean at one point of an execution.
 * A foreach iteration gets a scope of its own (its body's results are this iteration's); a catch
 * gets one with {@code error} that shares the surrounding results; parallel branches share their
 * parent's results (step ids are unique in a flow).
 */
public final class Scope {

    private final Scope parent;
    private final java.util.Collection<String> known;
    private final Map<String, ObjectNode> results;
    private final JsonNode index;
    private final JsonNode error;

    private Scope(Scope parent, java.util.Collection<String> known, Map<String, ObjectNode> results, JsonNode index, JsonNode error) {
        this.parent = parent;
        this.known = known;
        this.results = results;
        this.index = index;
        this.error = error;
    }

    /**
     * The scope of a whole execution. {@code stepIds} are every step of the flow: one that has not
     * run (a branch not taken) is {@code null} in {@code steps}, not missing.
     */
    public static Scope root(java.util.Collection<String> stepIds) {
        return new Scope(null, stepIds, new ConcurrentHashMap<>(), null, null);
    }

    public static Scope root() {
        return root(java.util.List.of());
    }

    public Scope iteration(int i) {
        return new Scope(this, java.util.List.of(), new ConcurrentHashMap<>(), JsonNodeFactory.instance.numberNode(i), error);
    }

    public Scope withError(JsonNode error) {
        return new Scope(parent, known, results, index, error);
    }

    public void succeeded(String stepId, JsonNode output) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.set("output", output);
        r.putNull("error");
        results.put(stepId, r);
    }

    public void failed(String stepId, JsonNode output, ErrorInfo error) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.set("output", output);
        r.set("error", error.toJson());
        results.put(stepId, r);
    }

    /** {@code steps} as scripts see it: every result visible from here, innermost first. */
    public ObjectNode stepsView() {
        ObjectNode view = parent == null ? JsonNodeFactory.instance.objectNode() : parent.stepsView();
        for (String id : known) {
            if (!view.has(id)) {
                view.putNull(id);
            }
        }
        results.forEach(view::set);
        return view;
    }

    public JsonNode index() {
        return index != null ? index : parent == null ? null : parent.index();
    }

    public JsonNode error() {
        return error;
    }
}
