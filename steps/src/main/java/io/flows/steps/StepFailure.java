package io.flows.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.json.JsonDepth;
import java.util.function.Supplier;

/**
 * A step attempt that failed: a stable UPPER_SNAKE {@code code}, a message for people, optional
 * {@code details}, and whether trying again may help (the retry policy reads it).
 */
public class StepFailure extends RuntimeException {

    /**
     * A detail that says how long the failed work asked to be left alone (a partner's {@code Retry-After}), in
     * milliseconds: a retry waits at least that long, within the step's {@code retry.maxDelay}.
     */
    public static final String RETRY_AFTER_MS = "retryAfterMs";

    /**
     * What went wrong, from under the wrappers a future puts around it ({@link java.util.concurrent.CompletionException},
     * {@link java.util.concurrent.ExecutionException}).
     */
    public static Throwable cause(Throwable thrown) {
        Throwable t = thrown;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A value (an output, a rendered template, a partner's answer) nests too deep to be kept. */
    public static final String VALUE_TOO_DEEP = "VALUE_TOO_DEEP";

    /** The code of a step stopped from outside (see {@link #stopped(String, JsonNode)}). */
    public static final String CANCELLED = "CANCELLED";

    private final String code;
    private final transient JsonNode details;
    private final boolean retryable;
    private final boolean stopped;

    public StepFailure(String code, String message, JsonNode details, boolean retryable) {
        this(code, message, details, retryable, false);
    }

    private StepFailure(String code, String message, JsonNode details, boolean retryable, boolean stopped) {
        super(message, null, false, false);
        this.code = code;
        this.details = details;
        this.retryable = retryable;
        this.stopped = stopped;
    }

    public StepFailure(String code, String message, boolean retryable) {
        this(code, message, null, retryable);
    }

    /**
     * Refuses a value nesting deeper than {@link JsonDepth#MAX_VALUE}: it could not be stored or answered inside an
     * execution. {@code what} names it, e.g. "the output of step 'x'" (built only for the failure).
     */
    public static JsonNode bounded(Supplier<String> what, JsonNode value) {
        StepFailure tooDeep = ifTooDeep(what, value);
        if (tooDeep != null) {
            throw tooDeep;
        }
        return value;
    }

    /** Like {@link #bounded}, as a value: the failure, or null when {@code value} fits. */
    public static StepFailure ifTooDeep(Supplier<String> what, JsonNode value) {
        return JsonDepth.tooDeep(value) ? permanent(VALUE_TOO_DEEP, JsonDepth.message(what.get(), value)) : null;
    }

    /**
     * A step stopped from outside: its execution was cancelled, or a step around it ended (timed out, say). Its code is
     * {@code CANCELLED}, but what makes it a stop is how it was made, never its code: an {@code error-injection}
     * step's {@code error.code: CANCELLED} is an ordinary failure, which a try catches and onError: continue continues.
     */
    public static StepFailure stopped(String message, JsonNode details) {
        return new StepFailure(CANCELLED, message, details, false, true);
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

    /** Whether this is a stop from outside (see {@link #stopped(String, JsonNode)}), not a failure of the step's own. */
    public boolean stopped() {
        return stopped;
    }
}
