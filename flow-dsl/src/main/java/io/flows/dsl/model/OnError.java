package io.flows.dsl.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a failed step does to its execution. */
public enum OnError {
    /** The execution fails (the default). */
    FAIL,
    /** The step's output becomes its input and the execution goes on; the error stays in the trace. */
    CONTINUE;

    @JsonValue
    public String json() {
        return name().toLowerCase();
    }
}
