package io.flows.engine.service;

import java.util.BitSet;

/**
 * Heap that running executions may hold, estimated from their triggers. A running execution keeps its trigger as a
 * JSON tree, and its steps pass it on: without a bound, 300 executions of a 1.2 MB order waiting in a delay
 * exhausted a 512 MB heap within seconds, and an out-of-memory error can leave the embedded database's file
 * unreadable. The tree costs more per value than per character: measured, about 7.5 bytes per character of an
 * order whose lines carry 40-character notes, 14 for lines of short fields, 36 for a list of empty objects. So the
 * charge counts both (see {@link #charge}). An execution that does not fit stays queued (in the database) until
 * running ones end; one execution is always let in when nothing else holds the budget, however large its trigger.
 * Step outputs are not counted: a flow that builds large outputs from a small trigger is not held back.
 */
final class ExecutionMemory {

    /** The trigger's text (kept for storing) and the strings of its tree. */
    static final long BYTES_PER_CHAR = 2;
    /** A JSON value in the tree: its node, its map entry or list slot, a number's or string's own object. */
    static final long BYTES_PER_VALUE = 120;

    private final long capacity;
    private long inUse;

    ExecutionMemory(long capacity) {
        this.capacity = capacity;
    }

    /** The heap an execution of this trigger is charged with: its characters and its values (counted in the text). */
    static long charge(String triggerJson) {
        return triggerJson.length() * BYTES_PER_CHAR + values(triggerJson) * BYTES_PER_VALUE;
    }

    /**
     * JSON values in a document, counted in its text: the root, each value after a ':', the first element of a list
     * and each one after a ',' in a list (a ',' in an object precedes a key). Strings are skipped.
     */
    static long values(String json) {
        long n = 1;
        BitSet lists = new BitSet(); // by depth: whether that container is a list
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> inString = true;
                case ':' -> n++;
                case '[' -> {
                    lists.set(++depth);
                    n++;
                }
                case '{' -> lists.clear(++depth);
                case ']', '}' -> depth = Math.max(0, depth - 1);
                case ',' -> n += lists.get(depth) ? 1 : 0;
                default -> {
                }
            }
        }
        return n;
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
