package io.flows.engine.service;

/**
 * Heap that running executions may hold, estimated from the size of their triggers. A running execution keeps
 * its trigger as a JSON tree, and its steps pass it on: 50 executions of a 1.2 MB order waiting in a delay held
 * 450 MB, about 7.5 times the text. Without a bound, 300 of them exhausted a 512 MB heap within seconds, and an
 * out-of-memory error can leave the embedded database's file unreadable. An execution that does not fit stays
 * queued (in the database) until running ones end; one execution is always let in when nothing else holds the
 * budget, however large its trigger. Step outputs are not counted: a flow that builds large outputs from a
 * small trigger is not held back.
 */
final class ExecutionMemory {

    /** Heap bytes charged per character of trigger JSON (measured: about 7.5). */
    static final long BYTES_PER_TRIGGER_CHAR = 8;

    private final long capacity;
    private long inUse;

    ExecutionMemory(long capacity) {
        this.capacity = capacity;
    }

    static long charge(String triggerJson) {
        return triggerJson.length() * BYTES_PER_TRIGGER_CHAR;
    }

    /** Takes {@code bytes} if they fit, or if nothing is held at all; false leaves nothing taken. */
    synchronized boolean tryTake(long bytes) {
        if (inUse > 0 && inUse + bytes > capacity) {
            return false;
        }
        inUse += bytes;
        return true;
    }

    synchronized void release(long bytes) {
        inUse -= bytes;
    }

    synchronized long inUse() {
        return inUse;
    }

    long capacity() {
        return capacity;
    }
}
