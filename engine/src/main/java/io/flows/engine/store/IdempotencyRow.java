package io.flows.engine.store;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The first execution started with an {@code Idempotency-Key} for a flow: what its request was (a hash of its body and
 * query), and whether it waited.
 */
@MappedEntity(value = "idempotency_keys", escape = false)
public record IdempotencyRow(@Id String id, String flowId, String requestHash, String executionId, boolean waited,
                             Instant createdAt) {

    /**
     * What the id column holds: a flow id (at most 100) and a key of 255 ASCII characters fit. A key arrives one
     * character per byte, so one of 255 characters outside ASCII (up to 1,020 bytes) may not, and is kept by its hash.
     */
    static final int MAX_ID = 400;

    public static String key(String flowId, String key) {
        String id = flowId + ":" + key;
        return id.length() <= MAX_ID ? id : flowId + ":sha256:" + sha256(key);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
