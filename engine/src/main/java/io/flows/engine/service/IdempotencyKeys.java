package io.flows.engine.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.runtime.KeyedLocks;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.IdempotencyRepository;
import io.flows.engine.store.IdempotencyRow;
import io.micronaut.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key}s of a flow's starts (API.md): a key names the first execution its request started, for
 * {@code flows.idempotency-retention} or as long as that execution is kept ({@code flows.retention}), whichever ends first. Starts with one key take turns on this node; between nodes the key's primary
 * key decides (see {@link ExecutionService#submit}).
 */
final class IdempotencyKeys {

    private final IdempotencyRepository keys;
    private final ExecutionRepository executions;
    private final Duration retention;
    private final Clock clock;
    private final KeyedLocks locks = new KeyedLocks();

    IdempotencyKeys(IdempotencyRepository keys, ExecutionRepository executions, Duration retention, Clock clock) {
        this.keys = keys;
        this.executions = executions;
        this.retention = retention;
        this.clock = clock;
    }

    /** Runs {@code start} while no other start with the same key runs on this node. */
    <T> T oneAtATime(String storedKey, Supplier<T> start) {
        return locks.with(storedKey, start);
    }

    /**
     * The first request's key while it has not expired and its execution ran this flow (a version from
     * {@code firstVersion} on); 422 when this request is another one (another body or other query parameters).
     */
    Optional<IdempotencyRow> earlier(String storedKey, String idempotencyKey, ObjectNode trigger, int firstVersion) {
        Optional<IdempotencyRow> seen = keys.findById(storedKey).filter(k -> k.createdAt().isAfter(cutoff()));
        Optional<Integer> version = seen.flatMap(k -> executions.findFlowVersionById(k.executionId()));
        if (seen.isPresent() && version.map(v -> v < firstVersion).orElse(true)) {
            // its execution was pruned (flows.retention shorter than the key's), or ran a flow deleted since whose id
            // was created again: the key names nothing of this flow any more, and a repeat is a new start rather than
            // a 404 for an execution nobody can see, or the answer of a flow that is gone
            keys.deleteByIdAndExecutionId(storedKey, seen.get().executionId());
            return Optional.empty();
        }
        if (seen.isPresent() && !ExecutionViews.sameRequest(seen.get().requestHash(), trigger)) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY,
                    "Idempotency-Key '" + idempotencyKey + "' was used for a different request (another body or other "
                            + "query parameters); use a new key for a new request");
        }
        return seen;
    }

    /**
     * The key a new start stores with its execution (the execution's id is filled in then). An expired row of the same
     * key is deleted first, so that the new one can take its place.
     */
    IdempotencyRow claim(String storedKey, String flowId, ObjectNode trigger, boolean waited) {
        keys.deleteIfExpired(storedKey, cutoff());
        return new IdempotencyRow(storedKey, flowId, ExecutionViews.requestHash(trigger), "", waited, clock.instant());
    }

    /** Deletes the expired keys; their executions stay. */
    void pruneExpired() {
        keys.deleteOlderThan(cutoff());
    }

    /** Keys created at or before this instant have expired. */
    private Instant cutoff() {
        return clock.instant().minus(retention);
    }
}
