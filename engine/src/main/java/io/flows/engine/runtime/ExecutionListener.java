package io.flows.engine.runtime;

import io.flows.steps.runtime.ExecutionContext;

/** Hears about executions as they start and end, and about their step attempts. */
public interface ExecutionListener extends ExecutionContext.TraceListener {

    ExecutionListener NONE = new ExecutionListener() { };

    default void executionStarted(ExecutionRecord execution) {
    }

    default void executionFinished(ExecutionRecord execution) {
    }
}
