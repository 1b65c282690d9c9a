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
 * @param maxSubFlows          sub-flow executions one top-level execution may start, at every level together: a flow
 *                             that calls itself twice per run would start 511 within the depth, three times 9,841
 */
public record RuntimeSettings(Duration connectorTimeout, List<String> allowedComponents,
                              int maxIterationEntries, int maxCallDepth, int maxSubFlows) {

    public RuntimeSettings {
        allowedComponents = List.copyOf(allowedComponents);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(Duration.ofSeconds(30), List.of(), 100, 8, 10_000);
    }
}
