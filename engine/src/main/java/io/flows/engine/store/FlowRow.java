package io.flows.engine.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A flow's current state: its latest version, whether it is enabled or deleted, its webhook path. */
@MappedEntity(value = "flows", escape = false)
public record FlowRow(
        @Id String id,
        @Nullable String name,
        @Nullable String description,
        int latestVersion,
        boolean enabled,
        boolean deleted,
        String triggerType,
        @Nullable String webhookPath,
        Instant createdAt,
        Instant updatedAt) {
}
