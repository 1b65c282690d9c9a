package io.flows.steps.runtime;

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
}
