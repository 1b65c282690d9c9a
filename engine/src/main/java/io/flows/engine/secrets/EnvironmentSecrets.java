package io.flows.engine.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets from environment variables: {@code FLOWS_SECRET_<NAME>} defines secret {@code NAME} (looked up
 * upper-cased, with '-' as '_'). Read once at start; a value under 6 characters is ignored, loudly.
 */
final class EnvironmentSecrets {

    static final String PREFIX = "FLOWS_SECRET_";
    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentSecrets.class);

    /** By variable name. */
    private final Map<String, String> byVariable = new TreeMap<>();

    EnvironmentSecrets(Map<String, String> variables) {
        variables.forEach((variable, value) -> {
            if (!variable.startsWith(PREFIX) || variable.length() == PREFIX.length()) {
                return;
            }
            if (value == null || value.length() < NodeSecrets.MIN_LENGTH) {
                LOG.warn("environment variable {} is ignored: a secret must have at least {} characters",
                        variable, NodeSecrets.MIN_LENGTH);
                return;
            }
            byVariable.put(variable, value);
        });
    }

    /** The environment variable of a secret name. */
    static String variable(String name) {
        return PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(byVariable.get(variable(name)));
    }

    /** The secret names the environment defines (each variable without its prefix). */
    Iterable<String> names() {
        return byVariable.keySet().stream().map(v -> v.substring(PREFIX.length())).toList();
    }

    Iterable<String> values() {
        return byVariable.values();
    }
}
