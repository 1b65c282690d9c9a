package io.flows.engine.service;

import io.flows.engine.FlowsConfig;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.FlowEngine;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
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

    @Singleton
    @Bean(preDestroy = "close")
    FlowEngine flowEngine(FlowsConfig config, FlowRegistry registry, Clock clock, EngineEvents events) {
        EngineSettings defaults = EngineSettings.defaults();
        EngineSettings settings = new EngineSettings(defaults.workers(), defaults.scripts(), defaults.http(),
                defaults.runtime(), config.getMaxStepPayloadBytes());
        return new FlowEngine(settings, registry, clock, events);
    }
}
