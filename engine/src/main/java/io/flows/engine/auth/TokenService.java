package io.flows.engine.auth;

import io.flows.dsl.json.NulCharacters;
import io.flows.engine.FlowsConfig;
import io.flows.engine.StartRefused;
import io.flows.engine.api.ApiProblem;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes, lists, revokes and rotates API tokens, and tells whether a presented token may use a route. */
@Singleton
public class TokenService {

    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Pattern ENVIRONMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
    /** While no token exists, how often a node asks the database whether one was made elsewhere. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    /** A token just made: its stored row and its text, which is never available again. */
    public record Created(ApiTokenRow row, String token) {
    }

    /** The outcome of checking a presented token: granted, 401 (no usable token) or 403 (a token without the scope). */
    sealed interface Verdict {
        record Granted(ApiTokenRow token) implements Verdict {
        }

        record Unauthenticated(String detail) implements Verdict {
        }

        record Forbidden(String detail) implements Verdict {
        }
    }

    private final ApiTokenRepository tokens;
    private final AuthConfig config;
    private final String environment;
    private final Clock clock;
    private final Map<String, Instant> lastUsedWritten = new ConcurrentHashMap<>();
    private volatile boolean on;
    private volatile Instant checkedAt = Instant.MIN;

    TokenService(ApiTokenRepository tokens, AuthConfig config, FlowsConfig flows, Clock clock) {
        this.tokens = tokens;
        this.config = config;
        this.environment = flows.getEnvironment();
        this.clock = clock;
    }

    /** Whether {@code /api/**} needs a token: it was required, or a token exists (revoked ones count: they are kept). */
    public boolean authOn() {
        if (on || config.getMode() == AuthConfig.Mode.REQUIRED) {
            return true;
        }
        Instant now = clock.instant();
        if (now.isAfter(checkedAt.plus(RECHECK))) {
            checkedAt = now;
            if (tokens.count() > 0) {
                switchOn("an API token exists");
            }
        }
        return on;
    }

    /**
     * True while authentication is surely off: not required, and no token existed when the database was
     * last asked, less than {@code RECHECK} ago. Never reads the database, so it may run on an event loop.
     */
    public boolean knownOff() {
        return !on && config.getMode() != AuthConfig.Mode.REQUIRED && !clock.instant().isAfter(checkedAt.plus(RECHECK));
    }

    private void switchOn(String why) {
        if (!on) {
            on = true;
            LOG.info("authentication is now ON ({}): /api/** and /prometheus need Authorization: Bearer <token>", why);
        }
    }

    public String environment() {
        return environment;
    }

    @Transactional
    public Created create(String name, List<String> scopes, String tokenEnvironment, Instant expiresAt) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 200) {
            throw ApiProblem.badRequest("name is required (1 to 200 characters), e.g. \"ci-deploy\"");
        }
        if (NulCharacters.in(n)) {
            // PostgreSQL cannot store it (H2 can): refused on both
            throw ApiProblem.badRequest("name must not hold the NUL character (U+0000)");
        }
        String env = tokenEnvironment == null || tokenEnvironment.isBlank() ? environment : tokenEnvironment.strip();
        if (!ENVIRONMENT.matcher(env).matches()) {
            throw ApiProblem.badRequest("environment must match [a-z0-9][a-z0-9-]* (e.g. sandbox, production), not '" + env + "'");
        }
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw ApiProblem.badRequest("expiresAt must be in the future, not " + expiresAt);
        }
        Created c = insert(n, scopeText(scopes), env, expiresAt, TokenFormat.generate());
        LOG.info("API token '{}' ({}) created with scopes [{}] for environment {}", n, c.row().id(), c.row().scopes(), env);
        if (!env.equals(environment)) {
            LOG.info("API token {} is for environment {}; this node runs in {} and will not accept it", c.row().id(), env, environment);
        }
        return c;
    }

    private Created insert(String name, String scopes, String env, Instant expiresAt, String token) {
        ApiTokenRow row = new ApiTokenRow(UUID.randomUUID().toString(), name, TokenFormat.hash(token), scopes, env,
                clock.instant(), expiresAt, null, null, null);
        tokens.save(row);
        switchOn("the first API token was created");
        return new Created(row, token);
    }

    private static String scopeText(List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw ApiProblem.badRequest("scopes is required: a list of " + known());
        }
        for (String s : scopes) {
            if (Scope.of(s).isEmpty()) {
                throw ApiProblem.badRequest("unknown scope '" + s + "'; known scopes: " + known());
            }
        }
        return scopes.stream().distinct().collect(Collectors.joining(" "));
    }

    private static String known() {
        return java.util.Arrays.stream(Scope.values()).map(Scope::text).collect(Collectors.joining(", "));
    }

    public List<ApiTokenRow> list() {
        return tokens.findAllOrderByCreatedAt();
    }

    /** Revokes the token (at once, on every node: each request looks its token up). Revoking twice is fine. */
    @Transactional
    public void revoke(String id) {
        ApiTokenRow row = tokens.findById(id).orElseThrow(() -> ApiProblem.notFound("no API token " + id));
        if (tokens.revoke(id, clock.instant()) > 0) {
            LOG.info("API token '{}' ({}) revoked", row.name(), id);
        }
    }

    /**
     * A new token with the same name, scopes, environment and expiry; the old one keeps working for
     * {@code grace} (the configured default when null), then stops.
     */
    @Transactional
    public Created rotate(String id, Duration grace) {
        ApiTokenRow old = tokens.findById(id).orElseThrow(() -> ApiProblem.notFound("no API token " + id));
        Instant now = clock.instant();
        if (old.revokedAt() != null) {
            throw ApiProblem.conflict("API token " + id + " is revoked; create a new one instead");
        }
        if (old.replacedBy() != null) {
            throw ApiProblem.conflict("API token " + id + " was already rotated; rotate its successor " + old.replacedBy());
        }
        if (old.expired(now)) {
            throw ApiProblem.conflict("API token " + id + " has expired; create a new one instead");
        }
        Duration g = grace == null ? config.getRotationGrace() : grace;
        Created fresh = insert(old.name(), old.scopes(), old.environment(), old.expiresAt(), TokenFormat.generate());
        Instant end = now.plus(g);
        Instant oldEnd = old.expiresAt() != null && old.expiresAt().isBefore(end) ? old.expiresAt() : end;
        tokens.update(new ApiTokenRow(old.id(), old.name(), old.tokenHash(), old.scopes(), old.environment(), old.createdAt(),
                oldEnd, old.lastUsedAt(), null, fresh.row().id()));
        LOG.info("API token '{}' ({}) rotated to {}; the old one works until {}", old.name(), id, fresh.row().id(), oldEnd);
        return fresh;
    }

    /** Registers {@code FLOWS_ADMIN_TOKEN} as an admin token unless its hash is stored already. */
    void registerAdminToken() {
        String token = config.getAdminToken() == null ? "" : config.getAdminToken().strip();
        if (token.isEmpty()) {
            return;
        }
        if (!TokenFormat.isWellFormed(token)) {
            throw new StartRefused("FLOWS_ADMIN_TOKEN (flows.auth.admin-token) is not a Flows API token: expected "
                    + TokenFormat.PREFIX + " followed by 49 letters and digits with a valid checksum. "
                    + "Make one with `java -jar flows.jar token generate`.");
        }
        var stored = tokens.findByTokenHash(TokenFormat.hash(token));
        if (stored.isPresent()) {
            if (stored.get().revokedAt() != null) {
                LOG.warn("FLOWS_ADMIN_TOKEN names a revoked token ({}): it stays revoked; remove it from the environment",
                        stored.get().id());
            }
            return;
        }
        try {
            Created c = insert("admin (FLOWS_ADMIN_TOKEN)", Scope.ADMIN.text(), environment, null, token);
            LOG.info("FLOWS_ADMIN_TOKEN registered as admin token {} for environment {}", c.row().id(), environment);
        } catch (DataAccessException e) {
            // another node with the same FLOWS_ADMIN_TOKEN registered it at the same moment
            if (tokens.findByTokenHash(TokenFormat.hash(token)).isEmpty()) {
                throw e;
            }
        }
    }

    /** Checks a presented token (null: none) for a route that needs {@code needed}. */
    Verdict check(String token, Scope needed) {
        if (token == null) {
            return new Verdict.Unauthenticated("this API needs a token: send Authorization: Bearer <token> "
                    + "(an admin makes one with POST /api/tokens or `flows token create`)");
        }
        if (!TokenFormat.isWellFormed(token)) {
            return new Verdict.Unauthenticated("the bearer token is not a Flows API token (flw_...) or is mistyped (its checksum does not match)");
        }
        // The lookup is by hash: timing can only tell an attacker about the hash, which does not help find a token.
        ApiTokenRow row = tokens.findByTokenHash(TokenFormat.hash(token)).orElse(null);
        Instant now = clock.instant();
        if (row == null) {
            return new Verdict.Unauthenticated("unknown API token");
        }
        if (row.revokedAt() != null) {
            return new Verdict.Unauthenticated("API token " + row.id() + " was revoked");
        }
        if (row.expired(now)) {
            return new Verdict.Unauthenticated("API token " + row.id() + " expired at " + row.expiresAt());
        }
        if (!row.environment().equals(environment)) {
            return new Verdict.Unauthenticated("API token " + row.id() + " is for environment '" + row.environment()
                    + "'; this node runs in '" + environment + "'");
        }
        markUsed(row, now);
        if (!row.grants(needed)) {
            return new Verdict.Forbidden("API token " + row.id() + " has scopes [" + row.scopes() + "]; this needs "
                    + needed.text() + " (or admin)");
        }
        return new Verdict.Granted(row);
    }

    /** At most one write per token and resolution period on each node, not one per request. */
    private void markUsed(ApiTokenRow row, Instant now) {
        Instant last = lastUsedWritten.get(row.id());
        if (last != null && now.isBefore(last.plus(config.getLastUsedResolution()))) {
            return;
        }
        lastUsedWritten.put(row.id(), now);
        tokens.markUsed(row.id(), now);
    }
}
