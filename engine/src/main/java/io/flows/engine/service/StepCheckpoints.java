package io.flows.engine.service;

import io.flows.engine.runtime.ExecutionJson;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.secrets.Redactor;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.ExecutionWriter;
import io.flows.engine.store.StepRow;
import io.flows.steps.runtime.TraceEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores the finished step attempts of long-running executions while they still run, so that an execution cut
 * short by a crash shows how far it got (its step trace up to the last checkpoint) instead of no steps at all.
 *
 * <p>A quick execution is never touched: its steps are written once, with its final state. Only the prefix of
 * attempts that have ended is stored (an attempt still running may be followed by ended ones in a parallel
 * branch); the final write then stores the rest. Entry {@code i} is row {@code "<id>:i"} either way, written
 * exactly once, and with the same JSON (same truncation and masking) as the final write would give it.
 */
final class StepCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(StepCheckpoints.class);

    /** What has been stored of one execution's steps; closed once its final write has taken over. */
    private static final class Progress {
        int written;
        boolean closed;
        /** Rows of a checkpoint whose commit failed: written again with the next one. */
        final List<StepRow> again = new ArrayList<>();
    }

    /** Marks an execution that ended before any checkpoint: nothing of it is stored until its final write. */
    private static final Progress NOTHING_STORED = new Progress();

    static {
        NOTHING_STORED.closed = true;
    }

    private final FlowEngine engine;
    private final ExecutionJson json;
    private final Redactor redactor;
    private final ExecutionWriter writer;
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();

    StepCheckpoints(FlowEngine engine, ExecutionJson json, Redactor redactor, ExecutionWriter writer) {
        this.engine = engine;
        this.json = json;
        this.redactor = redactor;
        this.writer = writer;
    }

    /**
     * Stores the newly ended attempts of every execution in {@code live} that started before {@code startedBefore}.
     * {@code live} must lose an execution only after {@link #finalWrite} and its commit.
     */
    void store(Map<String, ExecutionRow> live, Instant startedBefore) {
        for (ExecutionRow row : live.values()) {
            if (row.startedAt() != null && row.startedAt().isBefore(startedBefore)) {
                try {
                    store(row.id(), live);
                } catch (RuntimeException e) {
                    // a checkpoint is an extra: its final write stores every step anyway
                    LOG.warn("could not store the steps of running execution {} so far: {}", row.id(), e.toString());
                }
            }
        }
    }

    private void store(String id, Map<String, ExecutionRow> live) {
        Optional<ExecutionRecord> running = engine.snapshot(id);
        if (running.isEmpty()) {
            return;
        }
        Progress p = progress.computeIfAbsent(id, k -> new Progress());
        synchronized (p) {
            if (p.closed) {
                return;
            }
            if (!live.containsKey(id)) {
                // finished and committed since the snapshot: its final write stored every step
                progress.remove(id, p);
                return;
            }
            List<TraceEntry> trace = running.get().steps();
            int end = p.written;
            while (end < trace.size() && trace.get(end).status() != TraceEntry.Status.RUNNING) {
                end++;
            }
            if (end == p.written && p.again.isEmpty()) {
                return;
            }
            List<StepRow> rows = new ArrayList<>(p.again);
            p.again.clear();
            for (int i = p.written; i < end; i++) {
                rows.add(new StepRow(id + ":" + i, id, i, Jsons.write(redactor.redact(json.step(trace.get(i))))));
            }
            write(p, rows);
            p.written = end;
        }
    }

    /** The single writer commits in submission order, so these land before the execution's final write. */
    private void write(Progress p, List<StepRow> rows) {
        writer.update(null, rows).whenComplete((ok, failure) -> {
            if (failure != null) {
                notStored(p, rows);
            }
        });
    }

    private void notStored(Progress p, List<StepRow> rows) {
        synchronized (p) {
            if (!p.closed) {
                p.again.addAll(rows);
                return;
            }
        }
        writeOnceMore(rows);
    }

    /** Rows the final write skips as stored although their checkpoint failed: tried once more on their own. */
    private void writeOnceMore(List<StepRow> rows) {
        writer.update(null, rows).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.error("steps {}..{} of execution {} could not be stored: {}", rows.get(0).seq(),
                        rows.get(rows.size() - 1).seq(), rows.get(0).executionId(), failure.getMessage());
            }
        });
    }

    /**
     * Called once an execution has ended, before its final write: how many of its step entries are stored
     * already (the final write stores the others). No checkpoint writes for it after this.
     */
    int finalWrite(String id) {
        Progress p = progress.putIfAbsent(id, NOTHING_STORED);
        if (p == null) {
            return 0;
        }
        synchronized (p) {
            p.closed = true;
            if (!p.again.isEmpty()) {
                writeOnceMore(List.copyOf(p.again));
                p.again.clear();
            }
            return p.written;
        }
    }

    /** The execution's final state is committed and it has left {@code live} (in that order). */
    void forget(String id) {
        progress.remove(id);
    }
}
