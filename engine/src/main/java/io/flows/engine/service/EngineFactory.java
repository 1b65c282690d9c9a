package io.flows.engine.service;

import io.flows.engine.CamelConfig;
import io.flows.engine.FlowsConfig;
import io.flows.engine.StartRefused;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.FlowEngine;
import io.flows.steps.kinds.CamelEndpointPolicy;
import io.flows.steps.runtime.ConnectionSource;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.runtime.SecretSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.apache.camel.CamelContext;

/** Wires the engine (the same one the command line uses) into the service. */
@Factory
public class EngineFactory {

    /** Millisecond ticks: what is answered at once and what is read back later agree on every timestamp. */
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofMillis(1));
    }

    @Singleton
    EngineEvents engineEvents() {
        return new EngineEvents();
    }

    /** No secrets until a source is configured (a bean of the secret store replaces this one). */
    @Singleton
    @Secondary
    SecretSource noSecrets() {
        return SecretSource.NONE;
    }

    /** No named connections until a source is configured (a bean of the connection store replaces this one). */
    @Singleton
    @Secondary
    ConnectionSource noConnections() {
        return ConnectionSource.NONE;
    }

    @Singleton
    @Bean(preDestroy = "close")
    FlowEngine flowEngine(FlowsConfig config, CamelConfig camel, FlowRegistry registry, Clock clock, EngineEvents events,
                          SecretSource secrets, ConnectionSource connections, ExecutionMetrics metrics) {
        EngineSettings defaults = EngineSettings.defaults();
        int workers = config.getWorkers() > 0 ? config.getWorkers() : defaults.workers();
        List<String> components = allowedComponents(camel.getAllowedComponents(), null);
        RuntimeSettings runtime = new RuntimeSettings(defaults.runtime().connectorTimeout(), components,
                defaults.runtime().maxIterationEntries(), defaults.runtime().maxCallDepth(), defaults.runtime().maxRecursiveCalls());
        EngineSettings settings = new EngineSettings(workers,
                defaults.scripts().withCpuDeadline(config.getScriptCpuDeadline()), defaults.http(),
                runtime, config.getMaxStepPayloadBytes(), config.getResponseMemory());
        FlowEngine engine = new FlowEngine(settings, registry, clock, events, secrets, connections);
        metrics.watch(engine.responseMemory());
        try {
            allowedComponents(components, engine.camel()); // whether each is installed: Camel resolves them
        } catch (StartRefused e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** The allow-list as checked by the policy (in {@code camel}, when given, each component must be installed). */
    private static List<String> allowedComponents(List<String> names, CamelContext camel) {
        try {
            return CamelEndpointPolicy.checkedAllowList(names, camel);
        } catch (IllegalArgumentException e) {
            throw new StartRefused("flows.camel.allowed-components (FLOWS_CAMEL_ALLOWED_COMPONENTS): " + e.getMessage());
        }
    }
}
