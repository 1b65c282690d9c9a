package io.flows.engine.connections;

import io.flows.engine.secrets.Redactor;
import io.flows.steps.runtime.SecretSource;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets for services under test ({@code flows.test.secrets=static}), filled by the test: environment
 * variables cannot be set from inside the JVM. Primary, so it stands in for whatever source the service has.
 */
@Singleton
@Primary
@Requires(property = "flows.test.secrets", value = "static")
public class TestSecrets implements SecretSource {

    static final Map<String, String> VALUES = new ConcurrentHashMap<>();

    @Override
    public Optional<String> value(String name) {
        return Optional.ofNullable(VALUES.get(name));
    }

    /** Like the service's own source: what is masked while running reaches the process's redactor. */
    @Override
    public void mask(String value) {
        Redactor.shared().add(value);
    }
}
