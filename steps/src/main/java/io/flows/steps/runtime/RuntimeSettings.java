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
 */
public record RuntimeSettings(Duration connectorTimeout, List<String> allowedComponents,
                              int maxIterationEntries, int maxCallDepth) {

    public RuntimeSettings {
        allowedComponents = List.copyOf(allowedComponents);
    }

    public static RuntimeSettings defaults() {
        return new RuntimeSettings(Duration.ofSeconds(30), List.of(), 100, 8);
    }
}
