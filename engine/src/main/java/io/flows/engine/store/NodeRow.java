package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A running node, when it last said so, and how often it says so (null: stored before that was kept). */
@MappedEntity(value = "nodes", escape = false)
public record NodeRow(@Id String id, Instant startedAt, Instant heartbeatAt, @Nullable Long heartbeatMillis) {
}
