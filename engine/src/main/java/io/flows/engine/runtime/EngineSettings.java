package io.flows.engine.runtime;

import io.flows.steps.http.HttpSettings;
import io.flows.steps.http.ResponseMemory;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.script.ScriptLimits;

/**
 * How the engine is sized and bounded.
 *
 * @param workers              threads that run step work (scripts are CPU work; nothing waits on I/O)
 * @param maxStepPayloadBytes  step inputs and outputs above this are recorded truncated
 * @param responseMemory       heap the partners' answers may take on the node ({@link ResponseMemory}); 0 or less:
 *                             a quarter of the maximum heap
 */
public record EngineSettings(int workers, ScriptLimits scripts, HttpSettings http, RuntimeSettings runtime,
                             int maxStepPayloadBytes, long responseMemory) {

    public EngineSettings {
        responseMemory = responseMemory > 0 ? responseMemory : ResponseMemory.defaultCapacity();
    }

    public static EngineSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineSettings(Math.max(4, cores * 2), ScriptLimits.defaults(), HttpSettings.defaults(),
                RuntimeSettings.defaults(), 256 * 1024, 0);
    }

    public EngineSettings withRuntime(RuntimeSettings r) {
        return new EngineSettings(workers, scripts, http, r, maxStepPayloadBytes, responseMemory);
    }

    public EngineSettings withScripts(ScriptLimits s) {
        return new EngineSettings(workers, s, http, runtime, maxStepPayloadBytes, responseMemory);
    }

    public EngineSettings withHttp(HttpSettings h) {
        return new EngineSettings(workers, scripts, h, runtime, maxStepPayloadBytes, responseMemory);
    }

    public EngineSettings withResponseMemory(long bytes) {
        return new EngineSettings(workers, scripts, http, runtime, maxStepPayloadBytes, bytes);
    }
}
