package io.flows.engine.service;

import io.flows.engine.FlowsConfig;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.FlowEngine;
import io.flows.steps.runtime.ConnectionSource;
import io.flows.steps.runtime.SecretSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

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
    FlowEngine flowEngine(FlowsConfig config, FlowRegistry registry, Clock clock, EngineEvents events,
                          SecretSource secrets, ConnectionSource connections) {
        EngineSettings defaults = EngineSettings.defaults();
        int workers = config.getWorkers() > 0 ? config.getWorkers() : defaults.workers();
        EngineSettings settings = new EngineSettings(workers,
                defaults.scripts().withCpuDeadline(config.getScriptCpuDeadline()), defaults.http(),
                defaults.runtime(), config.getMaxStepPayloadBytes());
        return new FlowEngine(settings, registry, clock, events, secrets, connections);
    }
}
