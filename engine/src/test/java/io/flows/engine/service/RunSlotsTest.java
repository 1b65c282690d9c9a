package io.flows.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.store.ExecutionRow;
import org.junit.jupiter.api.Test;

/** Admission of top-level executions: in order, within a number of slots and a heap budget. */
class RunSlotsTest {

    private final RunSlots slots = new RunSlots(2, new ExecutionMemory(100));

    @Test
    void startsAtOnceWhileThereIsRoomAndNobodyWaits() {
        assertThat(slots.startNow("a", 10)).isTrue();
        assertThat(slots.startNow("b", 10)).isTrue();
        assertThat(slots.startNow("c", 10)).as("both slots taken").isFalse();
        assertThat(slots.runningCount()).isEqualTo(2);

        slots.release("a");
        assertThat(slots.startNow("c", 10)).isTrue();
    }

    @Test
    void aNewExecutionDoesNotOvertakeOneThatWaits() {
        slots.startNow("a", 10);
        slots.startNow("b", 10);
        slots.enqueue(queued("waiting", 10));
        slots.release("a");

        assertThat(slots.startNow("newcomer", 10)).as("a slot is free, but one waits before it").isFalse();
        assertThat(slots.next().id).isEqualTo("waiting");
        assertThat(slots.next()).as("no slot left").isNull();
    }

    @Test
    void theFirstInLineWaitsForMemoryAndHoldsBackTheOthers() {
        slots.startNow("a", 80);
        slots.enqueue(queued("large", 50));
        slots.enqueue(queued("small", 5));

        assertThat(slots.next()).as("large does not fit beside a, and small keeps its place behind it").isNull();
        slots.release("a");
        assertThat(slots.next().id).isEqualTo("large");
        assertThat(slots.next().id).isEqualTo("small");
        assertThat(slots.waitingCount()).isZero();
    }

    @Test
    void aWithdrawnExecutionNeverStartsAndFreesNothingItNeverHeld() {
        slots.startNow("a", 10);
        slots.startNow("b", 10);
        slots.enqueue(queued("cancelled", 10));
        slots.enqueue(queued("next", 10));

        assertThat(slots.withdraw("cancelled")).hasValueSatisfying(q -> assertThat(q.id).isEqualTo("cancelled"));
        assertThat(slots.withdraw("cancelled")).isEmpty();
        slots.release("cancelled");
        assertThat(slots.runningCount()).as("releasing one that never ran frees no slot").isEqualTo(2);

        slots.release("b");
        assertThat(slots.next().id).isEqualTo("next");
    }

    @Test
    void nothingStartsOnceStopped() {
        slots.enqueue(queued("waiting", 10));
        slots.stop();

        assertThat(slots.startNow("new", 10)).isFalse();
        assertThat(slots.next()).isNull();
        assertThat(slots.waitingCount()).as("left queued, for the next start").isEqualTo(1);
    }

    private static QueuedExecution queued(String id, long charge) {
        ExecutionRow row = new ExecutionRow(id, "f", 1, "QUEUED", "{}", null, null, null, null, null, null, "node");
        return new QueuedExecution(null, row, null, charge);
    }
}
