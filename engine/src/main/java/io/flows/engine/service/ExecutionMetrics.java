package io.flows.engine.service;

import io.flows.steps.http.ResponseMemory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics: executions by flow and status, step durations by kind, queue depth. Meters are
 * looked up once per tag combination and kept: building and registering a meter for every step was a
 * visible share of the engine's CPU.
 */
@Singleton
public class ExecutionMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> executions = new ConcurrentHashMap<>();
    private final Map<String, Counter> webhooks = new ConcurrentHashMap<>();
    private final Map<String, Timer> steps = new ConcurrentHashMap<>();

    public ExecutionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(IntSupplier queued, IntSupplier running) {
        Gauge.builder("flows.queue.depth", queued::getAsInt).description("executions waiting to start").register(registry);
        Gauge.builder("flows.executions.running", running::getAsInt).description("executions running on this node").register(registry);
    }

    /** The room partners' answers take on this node ({@link ResponseMemory}). */
    void watch(ResponseMemory memory) {
        Gauge.builder("flows.response.memory.used", memory::inUse).baseUnit("bytes")
                .description("heap the partners' answers take now, by estimate").register(registry);
        Gauge.builder("flows.response.memory.capacity", memory::capacity).baseUnit("bytes")
                .description("heap the partners' answers may take (flows.response-memory)").register(registry);
        Gauge.builder("flows.response.memory.waiting", memory::waiting)
                .description("answers waiting for room").register(registry);
    }

    void finished(String flowId, String status) {
        executions.computeIfAbsent(flowId + '\n' + status, k -> Counter.builder("flows.executions")
                .description("finished executions").tag("flow", flowId).tag("status", status).register(registry)).increment();
    }

    /** A webhook delivery: received, duplicate, refused (signature), processed or failed. */
    public void webhook(String flowId, String outcome) {
        webhooks.computeIfAbsent(flowId + '\n' + outcome, k -> Counter.builder("flows.webhook.deliveries")
                .description("webhook deliveries by outcome").tag("flow", flowId).tag("outcome", outcome).register(registry))
                .increment();
    }

    void step(String kind, String status, long millis) {
        steps.computeIfAbsent(kind + '\n' + status, k -> Timer.builder("flows.step.duration")
                .description("step attempts").tag("kind", kind).tag("status", status).register(registry))
                .record(Duration.ofMillis(millis));
    }
}
