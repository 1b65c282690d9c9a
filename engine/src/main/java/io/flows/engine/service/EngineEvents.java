package io.flows.engine.service;

import io.flows.engine.runtime.ExecutionListener;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.steps.runtime.ExecutionContext;
import io.flows.steps.runtime.TraceEntry;

/**
 * The engine's listener. The engine is created before the services that record executions, so
 * they attach here once they exist.
 */
public final class EngineEvents implements ExecutionListener {

    private volatile ExecutionListener delegate = ExecutionListener.NONE;

    void attach(ExecutionListener listener) {
        this.delegate = listener;
    }

    @Override
    public void executionStarted(ExecutionRecord execution) {
        delegate.executionStarted(execution);
    }

    @Override
    public void executionFinished(ExecutionRecord execution) {
        delegate.executionFinished(execution);
    }

    @Override
    public void started(ExecutionContext ctx, TraceEntry entry) {
        delegate.started(ctx, entry);
    }

    @Override
    public void finished(ExecutionContext ctx, TraceEntry entry) {
        delegate.finished(ctx, entry);
    }
}
