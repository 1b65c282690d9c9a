package io.flows.engine.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Which top-level executions of this node may run now: at most {@code flows.max-running} at once, within the heap
 * budget of {@link ExecutionMemory}; the others wait their turn in order of arrival. Waiting costs no thread.
 */
final class RunSlots {

    private final int maxRunning;
    private final ExecutionMemory memory;
    private final ConcurrentLinkedDeque<QueuedExecution> waiting = new ConcurrentLinkedDeque<>();
    /** What each running execution holds of {@link #memory}, by id. */
    private final Map<String, Long> held = new ConcurrentHashMap<>();
    private boolean stopped;

    RunSlots(int maxRunning, ExecutionMemory memory) {
        this.maxRunning = maxRunning;
        this.memory = memory;
    }

    /** Takes a slot for a new execution when none waits before it and there is room; false when it must wait. */
    synchronized boolean startNow(String id, long charge) {
        if (stopped || !waiting.isEmpty() || held.size() >= maxRunning || !memory.tryTake(charge)) {
            return false;
        }
        held.put(id, charge);
        return true;
    }

    void enqueue(QueuedExecution q) {
        waiting.add(q);
    }

    /** The first waiting execution, with a slot taken for it, when it fits now; null when none waits or it does not fit. */
    QueuedExecution next() {
        while (true) {
            synchronized (this) {
                QueuedExecution next = waiting.peek();
                if (stopped || next == null || held.size() >= maxRunning || !memory.tryTake(next.charge)) {
                    return null;
                }
                if (waiting.remove(next)) {
                    held.put(next.id, next.charge);
                    return next;
                }
                memory.release(next.charge); // withdrawn meanwhile
            }
        }
    }

    /** Takes a waiting execution out of the line (it is cancelled before it started). */
    Optional<QueuedExecution> withdraw(String id) {
        for (QueuedExecution q : waiting) {
            if (q.id.equals(id) && waiting.remove(q)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    /** Frees the slot of an execution that ended (nothing when it never had one). */
    synchronized void release(String id) {
        Long charge = held.remove(id);
        if (charge != null) {
            memory.release(charge);
        }
    }

    /** No execution starts any more: the node is stopping. */
    synchronized void stop() {
        stopped = true;
    }

    int waitingCount() {
        return waiting.size();
    }

    int runningCount() {
        return held.size();
    }
}
