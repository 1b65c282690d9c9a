package io.flows.engine.runtime;

import io.flows.dsl.model.Flow;

/** One immutable saved version of a flow, with the text it was written as. */
public record FlowVersion(String flowId, int version, Flow flow, String source) {
}
