package io.flows.engine.runtime;

import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;

/** A flow version turned into a Camel route, with the producer that starts executions on it. */
record CompiledFlow(FlowVersion version, String routeId, Endpoint endpoint, AsyncProducer producer,
                    java.util.List<String> stepIds) {
}
