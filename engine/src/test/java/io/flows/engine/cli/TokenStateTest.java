package io.flows.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.Jsons;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The state column of `flows token list`: what the token can do at the time of listing. */
class TokenStateTest {

    private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");

    private static JsonNode token(String json) {
        return Jsons.read(json);
    }

    @Test
    void aTokenPastItsExpiryIsListedAsExpiredNotActive() {
        assertThat(TokenCommand.state(token("{\"revokedAt\": null, \"expiresAt\": \"2026-11-30T00:59:59Z\"}"), NOW))
                .isEqualTo("expired 2026-11-30T00:59:59Z");
        assertThat(TokenCommand.state(token("{\"revokedAt\": null, \"expiresAt\": \"2026-12-01T00:00:00Z\"}"), NOW))
                .isEqualTo("active");
        assertThat(TokenCommand.state(token("{\"revokedAt\": null, \"expiresAt\": null}"), NOW)).isEqualTo("active");
    }

    @Test
    void aRotatedTokenSaysWhetherItsGraceHasEnded() {
        assertThat(TokenCommand.state(token("{\"revokedAt\": null, \"replacedBy\": \"t2\", \"expiresAt\": \"2026-11-30T02:00:00Z\"}"),
                NOW)).isEqualTo("rotated, valid until 2026-11-30T02:00:00Z");
        assertThat(TokenCommand.state(token("{\"revokedAt\": null, \"replacedBy\": \"t2\", \"expiresAt\": \"2026-11-30T00:00:00Z\"}"),
                NOW)).isEqualTo("rotated, expired 2026-11-30T00:00:00Z");
    }

    @Test
    void aRevokedTokenIsRevokedWhateverItsExpiry() {
        assertThat(TokenCommand.state(token("{\"revokedAt\": \"2026-11-29T00:00:00Z\", \"expiresAt\": \"2026-11-28T00:00:00Z\"}"),
                NOW)).isEqualTo("revoked 2026-11-29T00:00:00Z");
    }

    @Test
    void anExpiryGivenAsAPeriodIsInWholeMilliseconds() {
        Instant before = Instant.now().minusMillis(1);
        Instant in90Days = TokenCommand.expiry("90d");
        assertThat(in90Days.getNano() % 1_000_000).as("no microseconds: " + in90Days).isZero();
        assertThat(in90Days).isBetween(before.plus(java.time.Duration.ofDays(90)), Instant.now().plus(java.time.Duration.ofDays(90)));
        assertThat(TokenCommand.expiry("12h").getNano() % 1_000_000).isZero();
    }
}
