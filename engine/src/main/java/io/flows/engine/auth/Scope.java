package io.flows.engine.auth;

import java.util.Arrays;
import java.util.Optional;

/** What a token may do. {@code admin} may do everything. */
public enum Scope {
    FLOWS_READ("flows:read"),
    FLOWS_WRITE("flows:write"),
    EXECUTIONS_RUN("executions:run"),
    METRICS_READ("metrics:read"),
    ADMIN("admin");

    private final String text;

    Scope(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public static Optional<Scope> of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equals(text)).findFirst();
    }

    /** Whether a token holding this scope may use a route that needs {@code needed}. */
    public boolean grants(Scope needed) {
        return this == ADMIN || this == needed;
    }
}
