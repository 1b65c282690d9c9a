package io.flows.engine.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.store.ExecutionRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Admission of top-level executions: flows in turn, each in order, within a number of slots and a heap budget. */
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

    @Test
    void flowsTakeTurnsAndEachFlowKeepsItsOrder() {
        RunSlots one = new RunSlots(1, new ExecutionMemory(100));
        one.startNow("running", 1);
        for (String id : List.of("a1", "a2", "a3")) {
            one.enqueue(queued(id, "load-test", 1));
        }
        one.enqueue(queued("b1", "orders", 1));
        one.enqueue(queued("b2", "orders", 1));

        List<String> started = new ArrayList<>();
        String previous = "running";
        for (int i = 0; i < 5; i++) {
            one.release(previous);
            previous = one.next().id;
            started.add(previous);
        }
        assertThat(started).as("a burst of one flow does not hold back another").containsExactly("a1", "b1", "a2", "b2", "a3");
    }

    @Test
    void aFlowWhoseLineEmptiedJoinsTheTurnsAtTheEnd() {
        RunSlots one = new RunSlots(1, new ExecutionMemory(100));
        one.startNow("running", 1);
        one.enqueue(queued("a1", "a", 1));
        one.enqueue(queued("b1", "b", 1));
        one.enqueue(queued("b2", "b", 1));
        one.release("running");
        assertThat(one.next().id).isEqualTo("a1");
        one.enqueue(queued("a2", "a", 1));

        one.release("a1");
        assertThat(one.next().id).isEqualTo("b1");
        one.release("b1");
        assertThat(one.next().id).isEqualTo("a2");
        one.release("a2");
        assertThat(one.next().id).isEqualTo("b2");
        assertThat(one.waitingCount()).isZero();
    }

    private static QueuedExecution queued(String id, long charge) {
        return queued(id, "f", charge);
    }

    private static QueuedExecution queued(String id, String flow, long charge) {
        ExecutionRow row = new ExecutionRow(id, flow, 1, "QUEUED", "{}", null, null, null, null, null, null, "node");
        return new QueuedExecution(null, row, null, charge);
    }
}
