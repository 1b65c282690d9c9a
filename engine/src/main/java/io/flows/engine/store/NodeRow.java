package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A running node and when it last said so. */
@MappedEntity(value = "nodes", escape = false)
public record NodeRow(@Id String id, Instant startedAt, Instant heartbeatAt) {
}
