package io.flows.steps.runtime;

import java.util.Optional;

/** The node's named connections ({@code connection: erp}), as its active environment defines them. */
public interface ConnectionSource {

    ConnectionSource NONE = new ConnectionSource() {
        @Override
        public String environment() {
            return "none";
        }

        @Override
        public Optional<ConnectionProfile> find(String name) {
            return Optional.empty();
        }
    };

    /** The environment this node runs in ({@code sandbox}, {@code production}, ...). */
    String environment();

    /** The profile of connection {@code name} in the node's environment, or empty when there is none. */
    Optional<ConnectionProfile> find(String name);
}
