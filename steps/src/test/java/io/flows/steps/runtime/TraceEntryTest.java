package io.flows.steps.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step attempt's entry ends once: a cancel marks it failed at once, and its work completing after stays unsaid. */
class TraceEntryTest {

    private static TraceEntry running() {
        return new TraceEntry("sub", "call-flow", "steps[0]", null, List.of(), null, 1, Instant.EPOCH, IntNode.valueOf(1));
    }

    @Test
    void anEntryMarkedFailedByACancelStaysFailedWhenItsWorkCompletesAfter() {
        TraceEntry entry = running();
        ErrorInfo cancelled = new ErrorInfo("CANCELLED", "the execution was cancelled", "sub", null);

        entry.fail(cancelled, null, 10);
        entry.succeed(IntNode.valueOf(2), 12); // the sub-flow ended just as the cancel came

        assertThat(entry.status()).isEqualTo(TraceEntry.Status.FAILED);
        assertThat(entry.error()).isEqualTo(cancelled);
        assertThat(entry.output()).isNull();
        assertThat(entry.durationMs()).isEqualTo(10);
    }

    @Test
    void anEntryThatSucceededIsNotFailedAfter() {
        TraceEntry entry = running();

        entry.succeed(IntNode.valueOf(2), 12);
        entry.fail(new ErrorInfo("CANCELLED", "the execution was cancelled", "sub", null), null, 13);

        assertThat(entry.status()).isEqualTo(TraceEntry.Status.SUCCEEDED);
        assertThat(entry.error()).isNull();
        assertThat(entry.output()).isEqualTo(IntNode.valueOf(2));
    }
}
