package io.flows.steps.http;

import java.net.UnknownHostException;

/**
 * A host or address refused by policy. It is an {@link UnknownHostException} so that it travels
 * through the HTTP client's connect path like a failed lookup, and the client never connects.
 */
final class DeniedHostException extends UnknownHostException {

    private final String host;
    private final String address;
    private final String reason;

    DeniedHostException(String message, String host, String address, String reason) {
        super(message);
        this.host = host;
        this.address = address;
        this.reason = reason;
    }

    String host() {
        return host;
    }

    /** The denied address, or null when the host was refused by name. */
    String address() {
        return address;
    }

    String reason() {
        return reason;
    }
}
