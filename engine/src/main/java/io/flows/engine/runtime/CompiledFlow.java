package io.flows.engine.runtime;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;

/**
 * A flow version turned into a Camel route, with the producer that starts executions on it. A
 * retired version's route is removed once its last running execution has ended.
 */
final class CompiledFlow {

    private final FlowVersion version;
    private final String routeId;
    private final Endpoint endpoint;
    private final AsyncProducer producer;
    private final List<String> stepIds;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean retired = new AtomicBoolean();

    CompiledFlow(FlowVersion version, String routeId, Endpoint endpoint, AsyncProducer producer, List<String> stepIds) {
        this.version = version;
        this.routeId = routeId;
        this.endpoint = endpoint;
        this.producer = producer;
        this.stepIds = stepIds;
    }

    FlowVersion version() { return version; }
    String routeId() { return routeId; }
    Endpoint endpoint() { return endpoint; }
    AsyncProducer producer() { return producer; }
    List<String> stepIds() { return stepIds; }

    void started() {
        running.incrementAndGet();
    }

    /** True when this was the last execution of a retired version: its route can go now. */
    boolean ended() {
        return running.decrementAndGet() == 0 && retired.get();
    }

    /** True when nothing runs on it any more, so its route can go at once. */
    boolean retire() {
        retired.set(true);
        return running.get() == 0;
    }
}
