package io.flows.engine.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A flow's current state: its latest version, whether it is enabled or deleted, its webhook path. {@code firstVersion}:
 * the version it was created at, 1 or, for a flow created again after a delete, the one after the deleted flow's last.
 */
@MappedEntity(value = "flows", escape = false)
public record FlowRow(
        @Id String id,
        @Nullable String name,
        @Nullable String description,
        int latestVersion,
        int firstVersion,
        boolean enabled,
        boolean deleted,
        String triggerType,
        @Nullable String webhookPath,
        Instant createdAt,
        Instant updatedAt) {
}
