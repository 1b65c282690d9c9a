package io.flows.steps.runtime;

/**
 * A step that failed for good (retries spent, not continued). Carries its error out of nested
 * step lists so a control step, a {@code try} or the execution can report where it happened.
 */
public final class FailedStep extends RuntimeException {

    private final transient ErrorInfo error;
    private final boolean retryable;
    private final boolean stopped;

    public FailedStep(ErrorInfo error, boolean retryable) {
        this(error, retryable, false);
    }

    /** {@code stopped}: the step was stopped from outside ({@link io.flows.steps.StepFailure#stopped}), not failed. */
    public FailedStep(ErrorInfo error, boolean retryable, boolean stopped) {
        super(error.code() + ": " + error.message(), null, false, false);
        this.error = error;
        this.retryable = retryable;
        this.stopped = stopped;
    }

    public ErrorInfo error() {
        return error;
    }

    public boolean retryable() {
        return retryable;
    }

    /**
     * Whether the step was stopped from outside (the execution cancelled, a step around it ended): a try does not
     * catch that, whatever the error's code says.
     */
    public boolean stopped() {
        return stopped;
    }
}
