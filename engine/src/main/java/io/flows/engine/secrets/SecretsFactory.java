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

    /** @throws IllegalArgumentException when a configured key is malformed: the service must not start so */
    @Singleton
    MasterKeys masterKeys(SecretsConfig config) {
        return MasterKeys.of(config);
    }

    @Singleton
    SecretStore secretStore(SecretRepository rows, MasterKeys keys, Redactor redactor, Clock clock) {
        return new SecretStore(rows, keys, redactor, clock);
    }

    @Singleton
    SealedColumns sealedColumns(MasterKeys keys) {
        return new SealedColumns(keys);
    }
}
