package io.flows.engine.hooks;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a secret reference: {@code ${secrets.NAME}} from the environment variable
 * {@code FLOWS_SECRET_NAME} (upper-cased, '-' as '_'); any text without {@code ${} is the secret
 * itself. Values are never logged.
 */
@Singleton
public class Secrets {

    private static final Pattern REFERENCE = Pattern.compile("^\\$\\{\\s*secrets\\.([A-Za-z0-9_-]+)\\s*}$");

    private final Function<String, String> env;

    @Inject
    public Secrets() {
        this(System::getenv);
    }

    public Secrets(Function<String, String> env) {
        this.env = env;
    }

    public static Secrets of(Map<String, String> env) {
        return new Secrets(env::get);
    }

    /** The secret's value, or empty when a reference names no set variable (or the text is not usable). */
    public Optional<String> resolve(String reference) {
        if (reference == null || reference.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(reference.trim());
        if (m.matches()) {
            String value = env.apply(variable(m.group(1)));
            return Optional.ofNullable(value).filter(v -> !v.isEmpty());
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
