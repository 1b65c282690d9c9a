package io.flows.engine.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.store.ExecutionRow;

/**
 * A top-level execution waiting for its turn. It keeps its trigger in memory only until its insert commits: then the
 * trigger is read back from the database when the execution starts, so that a long queue of large triggers takes no
 * heap.
 */
final class QueuedExecution {

    final FlowVersion version;
    final String id;
    final String flowId;
    /** What it will hold of the heap budget while it runs ({@link ExecutionMemory#charge}). */
    final long charge;
    private volatile Loaded loaded;

    /** The execution as it was queued, while its insert has not committed. */
    record Loaded(ExecutionRow row, ObjectNode trigger) {
    }

    QueuedExecution(FlowVersion version, ExecutionRow row, ObjectNode trigger, long charge) {
        this.version = version;
        this.id = row.id();
        this.flowId = row.flowId();
        this.charge = charge;
        this.loaded = trigger == null ? null : new Loaded(row, trigger);
    }

    /** The row and trigger while they are in memory; null once they are to be read back from the database. */
    Loaded loaded() {
        return loaded;
    }

    /** Only once the row is committed: afterwards the trigger comes from the database. */
    void dropTrigger() {
        loaded = null;
    }
}
