package io.flows.engine.store;

import io.flows.engine.runtime.ExecutionStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes executions with group commit: one thread takes every write waiting and commits them in
 * one transaction, then completes each caller's future. Nothing is acknowledged before its commit;
 * many concurrent executions share one commit, which is how the embedded database keeps its
 * throughput with a write delay of 0.
 */
@Singleton
public class ExecutionWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionWriter.class);
    private static final int MAX_BATCH = 500;
    /**
     * A commit holds its whole batch in memory (H2 builds the new chunk in one buffer): a batch stops growing at
     * this many characters of JSON, so that a few near-limit bodies are not committed, and buffered, at once.
     */
    private static final long MAX_BATCH_CHARS = 4L * 1024 * 1024;
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final TransactionOperations<Connection> tx;
    private final ExecutionRepository executions;
    private final StepRepository steps;
    private final IdempotencyRepository keys;
    private final List<EndedHook> endedHooks;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public ExecutionWriter(TransactionOperations<Connection> tx, ExecutionRepository executions, StepRepository steps,
                           IdempotencyRepository keys, List<EndedHook> endedHooks) {
        this.tx = tx;
        this.executions = executions;
        this.steps = steps;
        this.keys = keys;
        this.endedHooks = List.copyOf(endedHooks);
        this.thread = new Thread(this::loop, "flows-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Told of executions that reached their final state, inside the transaction that stores that
     * state: what it writes (e.g. a notification to send) commits or rolls back with them.
     */
    public interface EndedHook {
        void ended(List<ExecutionRow> rows);
    }

    /** One pending write. */
    private record Write(ExecutionRow insert, IdempotencyRow key, ExecutionRow update, List<StepRow> steps,
                         CompletableFuture<Void> done) {

        long chars() {
            long n = chars(insert) + chars(update);
            for (StepRow s : steps) {
                n += s.entry().length();
            }
            return n;
        }

        private static long chars(ExecutionRow r) {
            return r == null ? 0 : length(r.triggerJson()) + length(r.outputJson()) + length(r.errorJson())
                    + length(r.stepsJson());
        }

        private static long length(String s) {
            return s == null ? 0 : s.length();
        }
    }

    /** A new execution (and the idempotency key that started it, or null). */
    public CompletableFuture<Void> insert(ExecutionRow row, IdempotencyRow key) {
        return submit(new Write(row, key, null, List.of(), new CompletableFuture<>()));
    }

    /** A status change, and any step attempts to add. */
    public CompletableFuture<Void> update(ExecutionRow row, List<StepRow> newSteps) {
        return submit(new Write(null, null, row, newSteps, new CompletableFuture<>()));
    }

    /** Waits until everything submitted so far is committed (used by tests and shutdown). */
    public void flush() {
        update(null, List.of()).join();
    }

    public int pending() {
        return queue.size();
    }

    private CompletableFuture<Void> submit(Write w) {
        if (!running) {
            w.done().completeExceptionally(new IllegalStateException("the execution store is shutting down"));
            return w.done();
        }
        queue.add(w);
        return w.done();
    }

    private void loop() {
        List<Write> batch = new ArrayList<>();
        int previousBatch = 0;
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    previousBatch = 0;
                    continue;
                }
                batch.add(first);
                long chars = fill(batch, first.chars());
                if (previousBatch > 1 && batch.size() < MAX_BATCH && chars < MAX_BATCH_CHARS) {
                    // Under concurrent load, let the batch fill for a moment: a commit costs about the same for one
                    // write as for a hundred (H2 rewrites the same few changed pages, PostgreSQL syncs its log once).
                    // A lone caller never waits: its batches are single writes.
                    LockSupport.parkNanos(LINGER_NANOS);
                    fill(batch, chars);
                }
                previousBatch = batch.size();
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Adds waiting writes to the batch while it has room; returns the batch's characters. */
    private long fill(List<Write> batch, long chars) {
        Write next;
        while (batch.size() < MAX_BATCH && chars < MAX_BATCH_CHARS && (next = queue.peek()) != null) {
            long more = next.chars();
            if (chars + more > MAX_BATCH_CHARS) {
                break; // it starts the next batch
            }
            batch.add(queue.poll());
            chars += more;
        }
        return chars;
    }

    private void commit(List<Write> batch) {
        try {
            tx.executeWrite(status -> {
                apply(batch);
                return null;
            });
            batch.forEach(w -> w.done().complete(null));
        } catch (RuntimeException batchFailure) {
            if (DatabaseUnreachable.in(batchFailure)) {
                // each write alone would wait out the pool's timeout in turn, and their callers with it
                LOG.warn("{} execution writes failed: the database cannot be reached: {}", batch.size(),
                        DatabaseUnreachable.reason(batchFailure));
                batch.forEach(w -> w.done().completeExceptionally(batchFailure));
                return;
            }
            // one bad write (e.g. a duplicate key) must not fail the others: retry them one by one
            for (Write w : batch) {
                try {
                    tx.executeWrite(status -> {
                        apply(List.of(w));
                        return null;
                    });
                    w.done().complete(null);
                } catch (RuntimeException e) {
                    if (w.key() != null && UniqueViolation.in(e, null)) {
                        // another node stored the same Idempotency-Key first: its caller answers with that one's run
                        LOG.debug("a start lost its Idempotency-Key to another node's: {}", e.getMessage());
                    } else {
                        LOG.warn("execution write failed: {}", e.getMessage());
                    }
                    w.done().completeExceptionally(e);
                }
            }
        }
    }

    private void apply(List<Write> batch) {
        List<ExecutionRow> inserts = new ArrayList<>();
        List<IdempotencyRow> newKeys = new ArrayList<>();
        Map<String, ExecutionRow> updates = new LinkedHashMap<>();
        List<StepRow> newSteps = new ArrayList<>();
        for (Write w : batch) {
            if (w.insert() != null) {
                inserts.add(w.insert());
            }
            if (w.key() != null) {
                newKeys.add(w.key());
            }
            if (w.update() != null) {
                updates.remove(w.update().id());
                updates.put(w.update().id(), w.update());
            }
            newSteps.addAll(w.steps());
        }
        // an execution inserted and finished in the same batch is inserted in its final state
        for (int i = 0; i < inserts.size(); i++) {
            ExecutionRow later = updates.remove(inserts.get(i).id());
            if (later != null) {
                inserts.set(i, later);
            }
        }
        if (!inserts.isEmpty()) {
            executions.saveAll(inserts);
        }
        if (!newKeys.isEmpty()) {
            keys.saveAll(newKeys);
        }
        if (!updates.isEmpty()) {
            executions.updateAll(updates.values());
        }
        if (!newSteps.isEmpty()) {
            steps.saveAll(newSteps);
        }
        if (!endedHooks.isEmpty()) {
            List<ExecutionRow> ended = new ArrayList<>();
            inserts.stream().filter(ExecutionWriter::hasEnded).forEach(ended::add);
            updates.values().stream().filter(ExecutionWriter::hasEnded).forEach(ended::add);
            if (!ended.isEmpty()) {
                endedHooks.forEach(h -> h.ended(ended));
            }
        }
    }

    private static boolean hasEnded(ExecutionRow row) {
        return ExecutionStatus.valueOf(row.status()).ended();
    }

    @PreDestroy
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
