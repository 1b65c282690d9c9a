package io.flows.engine.service;

import io.flows.engine.store.ExecutionRepository;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the end of an execution that another node runs, such as the execution of an Idempotency-Key whose
 * repeat reached another node than the first request: this node hears nothing of it, so it reads the stored
 * status (one column by primary key) at once, then after {@value #FIRST_MS} ms and at doubling intervals of at
 * most {@value #MAX_MS} ms, until the execution has ended or the wait is over.
 */
@Singleton
class StoredEnds {

    private static final Logger LOG = LoggerFactory.getLogger(StoredEnds.class);
    static final long FIRST_MS = 20;
    static final long MAX_MS = 250;
    private static final List<String> ENDED = List.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final ExecutionRepository executions;
    private final Executor blocking;

    StoredEnds(ExecutionRepository executions, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.executions = executions;
        this.blocking = blocking;
    }

    /** Completes with true once the stored execution has ended (or is gone), with false when {@code within} is over first. */
    CompletableFuture<Boolean> ended(String id, Duration within) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + within.toNanos();
        blocking.execute(() -> check(id, deadline, FIRST_MS, result));
        return result;
    }

    private void check(String id, long deadline, long interval, CompletableFuture<Boolean> result) {
        try {
            String status = executions.findStatusById(id).orElse(null);
            if (status == null || ENDED.contains(status)) {
                result.complete(true);
                return;
            }
        } catch (RuntimeException e) {
            // the database may be back at the next read; the wait is bounded either way
            LOG.debug("execution {}: its stored status could not be read: {}", id, e.toString());
        }
        long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (leftMs <= 0) {
            result.complete(false);
            return;
        }
        Executor later = CompletableFuture.delayedExecutor(Math.min(interval, leftMs), TimeUnit.MILLISECONDS, blocking);
        later.execute(() -> check(id, deadline, Math.min(interval * 2, MAX_MS), result));
    }
}
