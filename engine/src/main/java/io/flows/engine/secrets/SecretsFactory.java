package io.flows.engine.secrets;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the secret store and the redactor into the service. */
@Factory
class SecretsFactory {

    @Singleton
    Redactor redactor() {
        return Redactor.shared();
    }

    @Singleton
    @Secondary
    ProcessEnvironment processEnvironment() {
        return System::getenv;
    }

    @Singleton
    SecretStore secretStore(SecretRepository rows, SecretsConfig config, Redactor redactor, Clock clock) {
        return new SecretStore(rows, config, redactor, clock);
    }
}
