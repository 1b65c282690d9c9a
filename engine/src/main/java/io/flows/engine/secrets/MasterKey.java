package io.flows.engine.secrets;

import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The AES-256 key of the secret store, given as the base64 (standard or URL-safe) of exactly 32 bytes. */
record MasterKey(SecretKey key) {

    static final String HOW_TO = "set FLOWS_MASTER_KEY to the base64 of 32 random bytes, e.g. `openssl rand -base64 32`";

    /**
     * The key in {@code text}, empty when there is none.
     *
     * @throws IllegalArgumentException when the text is not the base64 of 32 bytes (never quoting it)
     */
    static Optional<MasterKey> parse(String setting, String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        byte[] bytes;
        String t = text.strip();
        try {
            bytes = t.indexOf('-') >= 0 || t.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(t) : Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is not valid base64: " + HOW_TO);
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(setting + " decodes to " + bytes.length + " bytes, not 32: " + HOW_TO);
        }
        return Optional.of(new MasterKey(new SecretKeySpec(bytes, "AES")));
    }

    @Override
    public String toString() {
        return "MasterKey[***]";
    }
}
