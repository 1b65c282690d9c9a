package io.flows.engine.runtime;

/** Where an execution is in its life. */
public enum ExecutionStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
