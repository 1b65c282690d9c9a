package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** One step attempt of an execution, stored as the JSON the API shows. */
@MappedEntity(value = "execution_steps", escape = false)
public record StepRow(@Id String id, String executionId, int seq, String entry) {
}
