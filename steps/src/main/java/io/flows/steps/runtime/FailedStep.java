package io.flows.steps.runtime;

/**
 * A step that failed for good (retries spent, not continued). Carries its error out of nested
 * step lists so a control step, a {@code try} or the execution can report where it happened.
 */
public final class FailedStep extends RuntimeException {

    private final transient ErrorInfo error;
    private final boolean retryable;

    public FailedStep(ErrorInfo error, boolean retryable) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
        this.retryable = retryable;
    }

    public ErrorInfo error() {
        return error;
    }

    public boolean retryable() {
        return retryable;
    }
}
