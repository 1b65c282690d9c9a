package io.flows.steps.runtime;

import java.util.Locale;
import java.util.Optional;

/**
 * Where {@code secrets.NAME} in connector settings resolves at run time (environment variables,
 * the encrypted store). Values never reach traces, logs or answers.
 */
@FunctionalInterface
public interface SecretSource {

    SecretSource NONE = name -> Optional.empty();

    /** The value of secret {@code name}, or empty when it is not set. */
    Optional<String> value(String name);

    /** How to set secret {@code name}: the end of every message that says it is not set. */
    default String howToSet(String name) {
        return "set the environment variable " + environmentVariable(name) + " or store it with PUT /api/secrets/" + name;
    }

    static String environmentVariable(String name) {
        return "FLOWS_SECRET_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * A value obtained while running that must be masked like a secret wherever it appears (an OAuth access token:
     * a partner may echo it back). Nothing to do where nothing is masked.
     */
    default void mask(String value) {
    }
}
