package io.flows.steps.runtime;

import java.util.Optional;

/** The node's named connections ({@code connection: erp}), as its active environment defines them. */
@FunctionalInterface
public interface ConnectionSource {

    ConnectionSource NONE = name -> Optional.empty();

    /** The profile of connection {@code name} in the node's environment, or empty when there is none. */
    Optional<ConnectionProfile> find(String name);
}
