package io.flows.engine.runtime;

import io.flows.steps.http.HttpSettings;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.script.ScriptLimits;

/**
 * How the engine is sized and bounded.
 *
 * @param workers              threads that run step work (scripts are CPU work; nothing waits on I/O)
 * @param maxStepPayloadBytes  step inputs and outputs above this are recorded truncated
 */
public record EngineSettings(int workers, ScriptLimits scripts, HttpSettings http, RuntimeSettings runtime,
                             int maxStepPayloadBytes) {

    public static EngineSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineSettings(Math.max(4, cores * 2), ScriptLimits.defaults(), HttpSettings.defaults(),
                RuntimeSettings.defaults(), 256 * 1024);
    }

    public EngineSettings withRuntime(RuntimeSettings r) {
        return new EngineSettings(workers, scripts, http, r, maxStepPayloadBytes);
    }

    public EngineSettings withScripts(ScriptLimits s) {
        return new EngineSettings(workers, s, http, runtime, maxStepPayloadBytes);
    }

    public EngineSettings withHttp(HttpSettings h) {
        return new EngineSettings(workers, scripts, h, runtime, maxStepPayloadBytes);
    }
}
