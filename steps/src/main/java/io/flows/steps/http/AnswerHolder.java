package io.flows.steps.http;

/**
 * Who keeps the answers a call hands over (an execution: its steps' outputs hold them until it ends), and so holds
 * their charge on the node's {@link ResponseMemory} that long. A call without one gives its charge back as soon as it
 * has handed its answer over.
 */
public interface AnswerHolder {

    /**
     * What the charges are counted by: the answers of one owner (an execution and the sub-flows it calls) are let go
     * together, so an owner waiting for room cannot free any it holds.
     */
    Object owner();

    /** Runs {@code release} when the holder lets its answers go; at once when it already has. */
    void atEnd(Runnable release);
}
