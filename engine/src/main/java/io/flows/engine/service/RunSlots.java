package io.flows.engine.service;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which top-level executions of this node may run now: at most {@code flows.max-running} at once, within the heap
 * budget of {@link ExecutionMemory}; the others wait their turn. Waiting costs no thread.
 *
 * <p>Each flow has its own line, and the flows take turns: a burst of one flow (a QA load test of 50,000 runs) does
 * not hold back another flow's executions until it has drained, and within a flow executions start in order of
 * arrival. The flow whose turn it is waits for memory rather than being overtaken, so that a large trigger is not
 * starved by small ones (one execution always starts when nothing else holds the budget).
 */
final class RunSlots {

    private final int maxRunning;
    private final ExecutionMemory memory;
    /** The lines of the flows with waiting executions, in the order of their turns (the first is next). */
    private final LinkedHashMap<String, Deque<QueuedExecution>> lines = new LinkedHashMap<>();
    /** What each running execution holds of {@link #memory}, by id. */
    private final Map<String, Long> held = new HashMap<>();
    private volatile int waiting;
    private volatile int running;
    private boolean stopped;

    RunSlots(int maxRunning, ExecutionMemory memory) {
        this.maxRunning = maxRunning;
        this.memory = memory;
    }

    /** Takes a slot for a new execution when none waits and there is room; false when it must wait. */
    synchronized boolean startNow(String id, long charge) {
        if (stopped || waiting > 0 || held.size() >= maxRunning || !memory.tryTake(charge)) {
            return false;
        }
        hold(id, charge);
        return true;
    }

    synchronized void enqueue(QueuedExecution q) {
        lines.computeIfAbsent(q.flowId, flow -> new ArrayDeque<>()).add(q);
        waiting++;
    }

    /**
     * The next execution to start, with a slot taken for it: the first of the line of the flow whose turn it is, which
     * then goes to the end of the turns. Null when none waits, or there is no room for it now.
     */
    synchronized QueuedExecution next() {
        Iterator<Map.Entry<String, Deque<QueuedExecution>>> turns = lines.entrySet().iterator();
        if (stopped || !turns.hasNext() || held.size() >= maxRunning) {
            return null;
        }
        Map.Entry<String, Deque<QueuedExecution>> turn = turns.next();
        QueuedExecution next = turn.getValue().peek();
        if (!memory.tryTake(next.charge)) {
            return null;
        }
        turn.getValue().poll();
        turns.remove();
        if (!turn.getValue().isEmpty()) {
            lines.put(turn.getKey(), turn.getValue());
        }
        waiting--;
        hold(next.id, next.charge);
        return next;
    }

    /** Takes a waiting execution out of its line (it is cancelled before it started). */
    synchronized Optional<QueuedExecution> withdraw(String id) {
        for (Iterator<Deque<QueuedExecution>> it = lines.values().iterator(); it.hasNext(); ) {
            Deque<QueuedExecution> line = it.next();
            for (QueuedExecution q : line) {
                if (q.id.equals(id)) {
                    line.remove(q);
                    if (line.isEmpty()) {
                        it.remove();
                    }
                    waiting--;
                    return Optional.of(q);
                }
            }
        }
        return Optional.empty();
    }

    /** Frees the slot of an execution that ended (nothing when it never had one). */
    synchronized void release(String id) {
        Long charge = held.remove(id);
        if (charge != null) {
            memory.release(charge);
            running = held.size();
        }
    }

    /** Whether the execution has a place to run (it may not have started yet, or have ended and not been released). */
    synchronized boolean holds(String id) {
        return held.containsKey(id);
    }

    /** No execution starts any more: the node is stopping. */
    synchronized void stop() {
        stopped = true;
    }

    int waitingCount() {
        return waiting;
    }

    int runningCount() {
        return running;
    }

    private void hold(String id, long charge) {
        held.put(id, charge);
        running = held.size();
    }
}
