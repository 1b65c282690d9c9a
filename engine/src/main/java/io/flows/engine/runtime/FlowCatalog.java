package io.flows.engine.runtime;

import java.util.Optional;

/** Where the engine finds the flows a {@code call-flow} step names. */
@FunctionalInterface
public interface FlowCatalog {

    Optional<FlowVersion> latest(String flowId);

    /** Whether the flow may run now: a disabled flow is not called either (catalogs without the notion: always). */
    default boolean enabled(String flowId) {
        return true;
    }
}
