package io.flows.engine.secrets;

import io.flows.engine.api.ApiProblem;
import io.micronaut.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encrypted secret store: values sealed with the master key ({@link SecretCipher}), readable only by name.
 * Every value read or written is handed to the {@link Redactor} first, so it is masked before it can be echoed.
 */
final class SecretStore {

    private static final Logger LOG = LoggerFactory.getLogger(SecretStore.class);

    private final SecretRepository rows;
    private final Optional<MasterKey> key;
    private final Optional<MasterKey> previous;
    private final SecretCipher cipher = new SecretCipher();
    private final Redactor redactor;
    private final Clock clock;

    /** A stored secret's name and when its value was last set. */
    record Entry(String name, Instant updatedAt) {
    }

    /** A stored value the master key does not open. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    SecretStore(SecretRepository rows, MasterKeys keys, Redactor redactor, Clock clock) {
        this.rows = rows;
        this.key = keys.current();
        this.previous = keys.previous();
        this.redactor = redactor;
        this.clock = clock;
    }

    boolean configured() {
        return key.isPresent();
    }

    /**
     * Opens every stored value so that redaction knows it, and re-seals those only the previous key opens.
     * Values no key opens are reported (by name) and left as they are.
     */
    void load() {
        List<SecretRow> all = rows.findAllOrderByName();
        if (all.isEmpty()) {
            return;
        }
        if (key.isEmpty()) {
            LOG.error("{} stored secrets cannot be used: FLOWS_MASTER_KEY is not set; steps that use them fail with"
                    + " SECRET_UNREADABLE ({})", all.size(), MasterKey.HOW_TO);
            return;
        }
        int unreadable = 0;
        for (SecretRow row : all) {
            try {
                value(row);
            } catch (Unreadable e) {
                unreadable++;
                LOG.error(e.getMessage());
            }
        }
        if (unreadable > 0) {
            LOG.error("{} of {} stored secrets do not open with FLOWS_MASTER_KEY; steps that use them fail with SECRET_UNREADABLE",
                    unreadable, all.size());
        }
    }

    /** Stores a value; true when the name is new. */
    boolean put(String name, String value) {
        MasterKey k = key.orElseThrow(SecretStore::notConfigured);
        redactor.add(value);
        Instant now = clock.instant();
        SecretCipher.Sealed sealed = cipher.seal(k, name, value);
        Optional<SecretRow> old = rows.findById(name);
        if (old.isPresent()) {
            rows.update(new SecretRow(name, sealed.nonce(), sealed.ciphertext(), old.get().createdAt(), now));
            return false;
        }
        rows.save(new SecretRow(name, sealed.nonce(), sealed.ciphertext(), now, now));
        return true;
    }

    boolean delete(String name) {
        if (rows.existsById(name)) {
            rows.deleteById(name);
            return true;
        }
        return false;
    }

    List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        rows.findAllOrderByName().forEach(r -> out.add(new Entry(r.name(), r.updatedAt())));
        return out;
    }

    Optional<Entry> entry(String name) {
        return rows.findById(name).map(r -> new Entry(r.name(), r.updatedAt()));
    }

    /** @throws Unreadable when the stored value does not open with the master key, or there is no key */
    Optional<String> value(String name) {
        Optional<SecretRow> row = rows.findById(name);
        if (row.isPresent() && key.isEmpty()) {
            // not "not set": the value is there, and setting it again (PUT) needs the key too
            throw new Unreadable("secret '" + name + "' is in the secret store, but this node has no FLOWS_MASTER_KEY"
                    + " to open it: restart the service with the FLOWS_MASTER_KEY it was stored with, or set the"
                    + " environment variable " + EnvironmentSecrets.variable(name));
        }
        return row.map(this::value);
    }

    private String value(SecretRow row) {
        try {
            String v = cipher.open(key.orElseThrow(), row.name(), row.sealed());
            redactor.add(v);
            return v;
        } catch (SecretCipher.Unopenable e) {
            if (previous.isPresent()) {
                return reseal(row, e);
            }
            throw new Unreadable(e.getMessage());
        }
    }

    private String reseal(SecretRow row, SecretCipher.Unopenable first) {
        try {
            String v = cipher.open(previous.get(), row.name(), row.sealed());
            redactor.add(v);
            SecretCipher.Sealed sealed = cipher.seal(key.orElseThrow(), row.name(), v);
            rows.update(new SecretRow(row.name(), sealed.nonce(), sealed.ciphertext(), row.createdAt(), row.updatedAt()));
            LOG.info("secret '{}' was encrypted again with the new FLOWS_MASTER_KEY", row.name());
            return v;
        } catch (SecretCipher.Unopenable e) {
            throw new Unreadable(first.getMessage() + "; FLOWS_MASTER_KEY_PREVIOUS does not open it either");
        }
    }

    static ApiProblem notConfigured() {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                "the secret store needs a master key: " + MasterKey.HOW_TO + ", and restart the service."
                        + " Environment secrets (FLOWS_SECRET_<NAME>) work without it.");
    }
}
