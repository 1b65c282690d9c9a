package io.flows.engine;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.util.ArrayList;
import java.util.List;

/** Settings of {@code uri:} calls to Camel endpoints ({@code flows.camel.*}; {@code FLOWS_CAMEL_*} in the environment). */
@ConfigurationProperties("flows.camel")
public class CamelConfig {

    private List<String> allowedComponents = new ArrayList<>();

    /**
     * The Camel components a {@code uri:} call may use, by name ({@code direct}, {@code kafka}); empty: none. Each must
     * be installed, and may not be one that acts on the node itself (CamelEndpointPolicy).
     */
    public List<String> getAllowedComponents() { return allowedComponents; }
    public void setAllowedComponents(List<String> allowedComponents) { this.allowedComponents = allowedComponents; }
}
