package io.flows.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.store.FlowRow;
import io.flows.engine.store.FlowVersionRow;

/** A flow version as stored: the flow's state, the version's source text and its JSON tree. */
public record SavedFlow(FlowRow flow, FlowVersionRow version, JsonNode document) {
}
