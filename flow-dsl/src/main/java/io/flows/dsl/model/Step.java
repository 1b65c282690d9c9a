package io.flows.dsl.model;

/**
 * One step of a flow: the fields every kind shares, and the kind's own configuration.
 *
 * @param config the record of this step's kind (e.g. {@link io.flows.dsl.kinds.Transform})
 */
public record Step(
        String id,
        String type,
        String name,
        String description,
        DurationText timeout,
        RetryPolicy retry,
        OnError onError,
        StepConfig config) {

    public Step {
        retry = retry == null ? RetryPolicy.NONE : retry;
        onError = onError == null ? OnError.FAIL : onError;
    }
}
