package io.flows.engine.secrets;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A stored secret: its name and its value sealed by {@link SecretCipher} (never the value itself). */
@MappedEntity(value = "secrets", escape = false)
record SecretRow(@Id String name, String nonce, String ciphertext, Instant createdAt, Instant updatedAt) {

    SecretCipher.Sealed sealed() {
        return new SecretCipher.Sealed(nonce, ciphertext);
    }
}
