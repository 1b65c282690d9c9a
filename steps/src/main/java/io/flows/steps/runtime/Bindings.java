package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The names scripts and expressions see ({@code input}, {@code trigger}, {@code steps},
 * {@code vars}, {@code execution}, and {@code index} / {@code error} where they apply). Values
 * are built on first use, so an expression that only reads {@code input} never assembles
 * {@code steps}.
 */
public final class Bindings extends AbstractMap<String, JsonNode> {

    private final Map<String, Supplier<JsonNode>> suppliers;
    private final Map<String, JsonNode> computed = new LinkedHashMap<>();

    private Bindings(Map<String, Supplier<JsonNode>> suppliers) {
        this.suppliers = suppliers;
    }

    /** What the flow's output sees: every step in {@code steps}. */
    public static Bindings of(ExecutionContext ctx, Scope scope, JsonNode input) {
        return of(ctx, scope, input, null);
    }

    /** What step {@code reader} sees: in {@code steps}, the steps before it in the flow (see {@link Scope}). */
    public static Bindings of(ExecutionContext ctx, Scope scope, JsonNode input, String reader) {
        Map<String, Supplier<JsonNode>> lazy = new LinkedHashMap<>();
        lazy.put("input", () -> input);
        lazy.put("trigger", ctx::trigger);
        lazy.put("steps", () -> scope.stepsView(reader));
        lazy.put("vars", ctx::vars);
        lazy.put("execution", ctx::executionInfo);
        JsonNode index = scope.index();
        if (index != null) {
            lazy.put("index", () -> index);
        }
        JsonNode error = scope.error();
        if (error != null) {
            lazy.put("error", () -> error);
        }
        return new Bindings(lazy);
    }

    /** These bindings and one more, e.g. {@code secrets} holding just the secrets an expression reads. */
    public Bindings with(String name, JsonNode value) {
        Map<String, Supplier<JsonNode>> more = new LinkedHashMap<>(suppliers);
        more.put(name, () -> value);
        return new Bindings(more);
    }

    @Override
    public synchronized JsonNode get(Object key) {
        Supplier<JsonNode> s = suppliers.get(key);
        if (s == null) {
            return null;
        }
        return computed.computeIfAbsent((String) key, k -> s.get());
    }

    @Override
    public boolean containsKey(Object key) {
        return suppliers.containsKey(key);
    }

    @Override
    public Set<Entry<String, JsonNode>> entrySet() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        suppliers.keySet().forEach(k -> all.put(k, get(k)));
        return all.entrySet();
    }
}
