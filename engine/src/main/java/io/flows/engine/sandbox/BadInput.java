package io.flows.engine.sandbox;

/** A request the sandbox rejects with 400; the message names the field and what was expected. */
final class BadInput extends RuntimeException {

    BadInput(String message) {
        super(message, null, false, false);
    }
}
