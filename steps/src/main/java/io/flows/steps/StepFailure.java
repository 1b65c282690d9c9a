package io.flows.steps;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A step attempt that failed: a stable UPPER_SNAKE {@code code}, a message for people, optional
 * {@code details}, and whether trying again may help (the retry policy reads it).
 */
public class StepFailure extends RuntimeException {

    private final String code;
    private final transient JsonNode details;
    private final boolean retryable;

    public StepFailure(String code, String message, JsonNode details, boolean retryable) {
        super(message, null, false, false);
        this.code = code;
        this.details = details;
        this.retryable = retryable;
    }

    public StepFailure(String code, String message, boolean retryable) {
        this(code, message, null, retryable);
    }

    public static StepFailure permanent(String code, String message) {
        return new StepFailure(code, message, null, false);
    }

    public static StepFailure retryable(String code, String message) {
        return new StepFailure(code, message, null, true);
    }

    public String code() {
        return code;
    }

    public JsonNode details() {
        return details;
    }

    public boolean retryable() {
        return retryable;
    }
}
