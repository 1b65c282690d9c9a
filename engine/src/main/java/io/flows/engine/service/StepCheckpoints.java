package io.flows.engine.service;

import io.flows.engine.runtime.ExecutionJson;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.secrets.Redactor;
import io.flows.engine.store.DatabaseUnreachable;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.ExecutionWriter;
import io.flows.engine.store.StepRow;
import io.flows.steps.runtime.TraceEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
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
 * <p>A quick execution is never touched: its trace is written once, whole, in its row with its final state. Every
 * attempt that has ended is stored, also the ones after an attempt still running: the steps inside a {@code try},
 * {@code foreach}, {@code parallel} or {@code call-flow} end while the control step's own entry, before them, still
 * runs. Entry {@code i} is row {@code "<id>:i"}, written at most once, with the same JSON (same truncation and
 * masking) as the final trace; they are read only while the row has no trace of its own (running, or cut short by
 * a crash, after which the entries of attempts that were still running are missing).
 */
final class StepCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(StepCheckpoints.class);

    /** What has been stored of one execution's steps; closed once its final write has taken over. */
    private static final class Progress {
        /** The entries written (or being written), by index. */
        final BitSet written = new BitSet();
        /** Every entry below this one is written: where the next checkpoint starts looking. */
        int settled;
        boolean closed;
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
     * {@code live} must lose an execution only after {@link #close} and its final commit.
     */
    void store(Map<String, ExecutionRow> live, Instant startedBefore) {
        for (ExecutionRow row : live.values()) {
            if (row.startedAt() != null && row.startedAt().isBefore(startedBefore)) {
                try {
                    store(row.id(), live);
                } catch (RuntimeException e) {
                    if (DatabaseUnreachable.in(e)) {
                        throw e; // the same for every execution: the caller tells the outage once
                    }
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
            List<StepRow> rows = new ArrayList<>();
            for (int i = p.settled; i < trace.size(); i++) {
                if (!p.written.get(i) && trace.get(i).status() != TraceEntry.Status.RUNNING) {
                    rows.add(new StepRow(id + ":" + i, id, i, Jsons.write(redactor.redact(json.step(trace.get(i))))));
                    p.written.set(i);
                }
            }
            p.settled = p.written.nextClearBit(p.settled);
            if (!rows.isEmpty()) {
                write(p, rows);
            }
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

    /** Rows of a checkpoint whose commit failed: written by the next checkpoint (none after the final write). */
    private void notStored(Progress p, List<StepRow> rows) {
        synchronized (p) {
            for (StepRow r : rows) {
                p.written.clear(r.seq());
                p.settled = Math.min(p.settled, r.seq());
            }
        }
    }

    /**
     * Called once an execution has ended, before its final write, which stores its whole trace: no checkpoint
     * writes for it after this.
     */
    void close(String id) {
        Progress p = progress.putIfAbsent(id, NOTHING_STORED);
        if (p != null) {
            synchronized (p) {
                p.closed = true;
            }
        }
    }

    /** The execution's final state is committed and it has left {@code live} (in that order). */
    void forget(String id) {
        progress.remove(id);
    }
}
