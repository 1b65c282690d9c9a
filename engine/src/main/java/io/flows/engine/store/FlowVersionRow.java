package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** One immutable saved version of a flow, with its source text exactly as written. */
@MappedEntity(value = "flow_versions", escape = false)
public record FlowVersionRow(
        @Id String id,
        String flowId,
        int version,
        String format,
        String source,
        Instant createdAt) {

    public static String key(String flowId, int version) {
        return flowId + ":" + version;
    }
}
