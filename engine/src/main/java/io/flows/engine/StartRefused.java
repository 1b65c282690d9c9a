package io.flows.engine;

/**
 * The service will not start as it is configured. The message says why and what to change, and it is all the
 * operator is shown: the service exits with one log line and no stack trace (the trace would only bury it).
 */
public final class StartRefused extends RuntimeException {

    public StartRefused(String message) {
        super(message, null, false, false);
    }

    /** The refusal {@code thrown} is, or was caused by; null when it is another failure. */
    public static StartRefused in(Throwable thrown) {
        return Causes.of(thrown).filter(StartRefused.class::isInstance).map(StartRefused.class::cast).findFirst()
                .orElse(null);
    }
}
