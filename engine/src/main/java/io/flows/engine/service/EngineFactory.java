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

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
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
