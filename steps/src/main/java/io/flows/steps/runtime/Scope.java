package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
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
    private final List<String> known;
    /** Each step's place in the document, shared by every scope of the execution; empty when not known. */
    private final Map<String, Integer> order;
    private final Map<String, ObjectNode> results;
    private final JsonNode index;
    private final JsonNode error;

    private Scope(Scope parent, List<String> known, Map<String, Integer> order, Map<String, ObjectNode> results,
                  JsonNode index, JsonNode error) {
        this.parent = parent;
        this.known = known;
        this.order = order;
        this.results = results;
        this.index = index;
        this.error = error;
    }

    /**
     * The scope of a whole execution. {@code stepIds} are every step of the flow in the order they run (StepTree):
     * one that appears before a step but has not run (a branch not taken) is {@code null} in that step's
     * {@code steps}, not missing; one that appears after it is missing, whether it has run (in another parallel
     * branch, in an earlier attempt of an enclosing step) or not.
     */
    public static Scope root(List<String> stepIds) {
        Map<String, Integer> order = new HashMap<>();
        for (int i = 0; i < stepIds.size(); i++) {
            order.putIfAbsent(stepIds.get(i), i);
        }
        return new Scope(null, List.copyOf(stepIds), Map.copyOf(order), new ConcurrentHashMap<>(), null, null);
    }

    public static Scope root() {
        return root(List.of());
    }

    public Scope iteration(int i) {
        return new Scope(this, List.of(), order, new ConcurrentHashMap<>(), JsonNodeFactory.instance.numberNode(i), error);
    }

    public Scope withError(JsonNode error) {
        return new Scope(parent, known, order, results, index, error);
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

    /** {@code steps} as the flow's output sees it: every step of the flow. */
    public ObjectNode stepsView() {
        return stepsView(null);
    }

    /**
     * {@code steps} as step {@code reader} sees it: the steps that appear before it in the flow, as validation
     * lets it refer to them (a step that ran later, or not yet, is not there). Null reads every step.
     */
    public ObjectNode stepsView(String reader) {
        Integer limit = reader == null ? null : order.get(reader);
        ObjectNode view = parent == null ? JsonNodeFactory.instance.objectNode() : parent.stepsView(reader);
        for (String id : known) {
            if (!view.has(id) && before(id, limit)) {
                view.putNull(id);
            }
        }
        results.forEach((id, result) -> {
            if (before(id, limit)) {
                view.set(id, result);
            }
        });
        return view;
    }

    private boolean before(String id, Integer limit) {
        Integer at = order.get(id);
        return limit == null || at == null || at < limit;
    }

    public JsonNode index() {
        return index != null ? index : parent == null ? null : parent.index();
    }

    public JsonNode error() {
        return error;
    }
}
