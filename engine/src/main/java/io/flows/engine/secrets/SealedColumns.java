package io.flows.engine.secrets;

import java.util.Optional;

/**
 * Values Flows itself must read back in clear, such as the secrets that sign outgoing notifications, sealed at rest
 * with the master key when one is set: stored as {@code sealed:v1:<nonce>:<ciphertext>} (AES-256-GCM,
 * {@link SecretCipher}), with a context naming the row as associated data, so a sealed value copied to another
 * row does not open. Without a master key they are stored as they are; such a value is sealed once a key is set
 * ({@link #resealed}), and one sealed with {@code FLOWS_MASTER_KEY_PREVIOUS} is sealed again with the new key.
 */
public final class SealedColumns {

    static final String PREFIX = "sealed:v1:";

    private final MasterKeys keys;
    private final SecretCipher cipher = new SecretCipher();

    SealedColumns(MasterKeys keys) {
        this.keys = keys;
    }

    /** A sealed value that cannot be opened: no master key is set, or it was sealed with another one. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The value as it is to be stored: sealed with the master key, or as it is without one. */
    public String seal(String context, String value) {
        if (keys.current().isEmpty()) {
            return value;
        }
        SecretCipher.Sealed sealed = cipher.seal(keys.current().get(), context, value);
        return PREFIX + sealed.nonce() + ":" + sealed.ciphertext();
    }

    /**
     * The value in clear.
     *
     * @throws Unreadable when it is sealed and neither the master key nor the previous one opens it
     */
    public String open(String context, String stored) {
        Optional<SecretCipher.Sealed> sealed = parse(stored);
        if (sealed.isEmpty()) {
            return stored;
        }
        if (keys.current().isEmpty()) {
            throw new Unreadable(context + " is sealed with a master key, and FLOWS_MASTER_KEY is not set: start the"
                    + " service with the key it was sealed with");
        }
        try {
            return cipher.open(keys.current().get(), context, sealed.get());
        } catch (SecretCipher.Unopenable e) {
            if (keys.previous().isPresent()) {
                try {
                    return cipher.open(keys.previous().get(), context, sealed.get());
                } catch (SecretCipher.Unopenable ignored) {
                    // reported below, with the current key's reason
                }
            }
            throw new Unreadable(context + " does not open with FLOWS_MASTER_KEY" + (keys.previous().isPresent()
                    ? " or FLOWS_MASTER_KEY_PREVIOUS" : "") + ": it was sealed with another key, or altered");
        }
    }

    /**
     * The value as it should be stored instead, when a master key is set and it is in clear or only opens with the
     * previous key; empty when it is stored as it should be (or no key is set).
     *
     * @throws Unreadable when it is sealed and no configured key opens it: storing it again cannot help
     */
    public Optional<String> resealed(String context, String stored) {
        if (stored == null) {
            return Optional.empty();
        }
        Optional<SecretCipher.Sealed> sealed = parse(stored);
        if (keys.current().isEmpty()) {
            sealed.ifPresent(s -> open(context, stored)); // says why it cannot be opened
            return Optional.empty();
        }
        if (sealed.isEmpty()) {
            return Optional.of(seal(context, stored));
        }
        try {
            cipher.open(keys.current().get(), context, sealed.get());
            return Optional.empty();
        } catch (SecretCipher.Unopenable e) {
            return Optional.of(seal(context, open(context, stored)));
        }
    }

    private static Optional<SecretCipher.Sealed> parse(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = stored.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return Optional.of(new SecretCipher.Sealed("", rest)); // altered: it will not open
        }
        return Optional.of(new SecretCipher.Sealed(rest.substring(0, colon), rest.substring(colon + 1)));
    }
}
