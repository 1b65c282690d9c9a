package io.flows.engine.hooks;

import io.flows.steps.runtime.SecretSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a webhook's signature secret: {@code ${secrets.NAME}} from the node's secrets (the environment
 * variable {@code FLOWS_SECRET_NAME}, upper-cased with '-' as '_', then the encrypted store); any text without
 * {@code ${} is the secret itself. Values are never logged.
 */
@Singleton
public class Secrets {

    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{\\s*secrets\\.([A-Za-z0-9_-]+)\\s*}$");

    private final SecretSource source;

    @Inject
    public Secrets(SecretSource source) {
        this.source = source;
    }

    /** Secrets from environment variables only, read through {@code env}. */
    public Secrets(Function<String, String> env) {
        this((SecretSource) name -> Optional.ofNullable(env.apply(variable(name))));
    }

    public static Secrets of(Map<String, String> env) {
        return new Secrets((Function<String, String>) env::get);
    }

    /** The secret's value, or empty when a reference names no set variable (or the text is not usable). */
    public Optional<String> resolve(String reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(reference.trim());
        if (m.matches()) {
            try {
                return source.value(m.group(1)).filter(v -> !v.isEmpty());
            } catch (RuntimeException e) {
                LOG.error("secret '{}' could not be read: {}", m.group(1), e.getMessage());
                return Optional.empty();
            }
        }
        if (reference.contains("${")) {
            return Optional.empty();
        }
        return Optional.of(reference);
    }

    /** The environment variable of a secret name. */
    public static String variable(String name) {
        return "FLOWS_SECRET_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
