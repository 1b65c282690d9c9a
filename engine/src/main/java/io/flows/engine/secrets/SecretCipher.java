package io.flows.engine.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a random 12-byte nonce per value and the secret's name as associated data, so a stored
 * ciphertext opens only under its own name and only with the key that sealed it.
 */
final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();

    /** A value as stored: base64 of the nonce and of the ciphertext with its tag. */
    record Sealed(String nonce, String ciphertext) {
    }

    /** The key does not open the value: it was sealed with another key, or under another name, or altered. */
    static final class Unopenable extends Exception {
        Unopenable(String message) {
            super(message, null, false, false);
        }
    }

    Sealed seal(MasterKey key, String name, String value) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] out = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return new Sealed(Base64.getEncoder().encodeToString(nonce), Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    String open(MasterKey key, String name, Sealed sealed) throws Unopenable {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(sealed.nonce())));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(Base64.getDecoder().decode(sealed.ciphertext())), StandardCharsets.UTF_8);
        } catch (AEADBadTagException | IllegalArgumentException e) {
            throw new Unopenable("secret '" + name + "' does not open with the master key: it was stored with another"
                    + " FLOWS_MASTER_KEY (set the old one as FLOWS_MASTER_KEY_PREVIOUS to re-encrypt it) or was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }
}
