package io.flows.steps.runtime;

import java.time.Duration;
import java.util.List;

/**
 * Operator settings the step kinds obey.
 *
 * @param connectorTimeout     default per-attempt timeout of connector calls
 * @param allowedComponents    Camel components a {@code uri:} call may use (empty: none)
 * @param maxIterationEntries  trace entries kept per foreach step; further iterations are counted
 * @param maxCallDepth         nested call-flow levels
 * @param maxRecursiveCalls    calls of a flow already in the call chain (a flow calling itself, or flows calling each
 *                             other) one top-level execution may make, at every level together: a flow that calls
 *                             itself twice per run would start 511 executions within the nesting limit, three times 9,841
 */
public record RuntimeSettings(Duration connectorTimeout, List<String> allowedComponents,
                              int maxIterationEntries, int maxCallDepth, int maxRecursiveCalls) {

    public RuntimeSettings {
        allowedComponents = List.copyOf(allowedComponents);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(Duration.ofSeconds(30), List.of(), 100, 8, 1_000);
    }
}
