package io.flows.engine.service;

import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.ExecutionWriter;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the commit of the end of executions of flows named {@code held…} until a test lets it go: the execution has
 * ended in the engine and its end is not yet stored, a window that otherwise lasts a moment.
 */
@Singleton
@Requires(property = "flows.test.hold-ends", value = "true")
class HeldEnds implements ExecutionWriter.EndedHook {

    static volatile CountDownLatch holding = new CountDownLatch(1);
    static volatile CountDownLatch release = new CountDownLatch(1);

    static void reset() {
        holding = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    @Override
    public void ended(List<ExecutionRow> rows) {
        if (rows.stream().anyMatch(r -> r.flowId().startsWith("held"))) {
            holding.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
