package io.flows.engine.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One immutable saved version of a flow, with its source text exactly as written and, for YAML, the YAML version it
 * was read with ({@link #YAML_SPEC}; null for versions saved by a build that read YAML 1.1).
 */
@MappedEntity(value = "flow_versions", escape = false)
public record FlowVersionRow(
        @Id String id,
        String flowId,
        int version,
        String format,
        String source,
        Instant createdAt,
        @Nullable String yamlSpec) {

    /** The YAML this build reads. */
    public static final String YAML_SPEC = "1.2";

    public static String key(String flowId, int version) {
        return flowId + ":" + version;
    }
}
