package io.flows.engine.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** An API token as stored: everything but the token itself, of which only the hash is kept. */
@MappedEntity(value = "api_tokens", escape = false)
public record ApiTokenRow(@Id String id, String name, String tokenHash, String scopes, String environment,
                          Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant lastUsedAt,
                          @Nullable Instant revokedAt, @Nullable String replacedBy) {

    List<Scope> scopeList() {
        return Arrays.stream(scopes.split(" ")).map(s -> Scope.of(s).orElse(null)).filter(s -> s != null).toList();
    }

    boolean grants(Scope needed) {
        return scopeList().stream().anyMatch(s -> s.grants(needed));
    }

    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
