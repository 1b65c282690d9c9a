package io.flows.engine.runtime;

import static io.flows.engine.runtime.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.steps.runtime.ExecutionContext;
import io.flows.steps.runtime.TraceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cancel that lands while a step starts or ends: the execution's final write (what the store keeps) must find
 * every step entry ended. What each execution's final write saw is kept here as text, as the store serialises it
 * then: the entries are live objects, and one that ends later would look ended in the record afterwards.
 */
class CancelRacesTest {

    /** The entries of each execution as they stood when its end was reported, by execution id. */
    private static final Map<String, List<String>> finalWrites = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> ended = new ConcurrentHashMap<>();
    /** Runs on the thread of each step attempt that starts, once its entry is in the trace. */
    private static volatile BiConsumer<ExecutionContext, TraceEntry> onStart = (ctx, entry) -> { };

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = new EngineHarness(new ExecutionListener() {
            @Override
            public void started(ExecutionContext ctx, TraceEntry entry) {
                onStart.accept(ctx, entry);
            }

            @Override
            public void executionFinished(ExecutionRecord execution) {
                finalWrites.put(execution.id(), execution.steps().stream().map(CancelRacesTest::describe).toList());
                ended.computeIfAbsent(execution.id(), k -> new CountDownLatch(1)).countDown();
            }
        });
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @AfterEach
    void quiet() {
        onStart = (ctx, entry) -> { };
    }

    @Test
    void anElementThatStartsAsTheCancelLandsHasEndedWhenTheExecutionIsStored() throws Exception {
        FlowVersion v = h.flow("""
                id: cancel-as-element-starts
                steps:
                  - id: each
                    type: foreach
                    items: [1, 2, 3]
                    steps:
                      - { id: wait, type: delay, duration: 1ms }
                """);
        onStart = (ctx, entry) -> {
            if (entry.stepId().equals("wait") && Objects.equals(entry.index(), 1)) {
                // after element 1's entry is in the trace, before its attempt is known to be running
                ctx.cancel();
                try {
                    // every chance for the end of the execution to overtake this attempt
                    ended.computeIfAbsent(ctx.id(), k -> new CountDownLatch(1)).await(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Execution e = h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of());
        ExecutionRecord r = e.done().get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(finalWrites.get(e.id())).containsExactly(
                "each FAILED CANCELLED",
                "wait[0] SUCCEEDED",
                "wait[1] FAILED CANCELLED");
    }

    @Test
    void manyCancelsAtOnceLeaveNoStepRunningInAnyStoredExecution() throws Exception {
        FlowVersion v = h.flow("""
                id: cancel-storm
                steps:
                  - id: each
                    type: foreach
                    items: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
                    parallelism: 3
                    steps:
                      - { id: call, type: delay, min: 0ms, max: 2ms, retry: { maxAttempts: 2, delay: 1ms } }
                      - { id: after, type: transform, set: { n: "${index}" } }
                """);
        // a listener that takes a moment now and then (a live view, a store) widens the gaps a cancel can land in
        onStart = (ctx, entry) -> {
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ExecutorService cancellers = Executors.newFixedThreadPool(6);
        try {
            // rounds for up to 3 s: the old code left entries running in a few of every hundred executions
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int rounds = 0;
            do {
                List<String> leftovers = storm(v, cancellers, 200);
                rounds++;
                assertThat(leftovers).as("entries still running when their execution was stored (round %d)", rounds)
                        .isEmpty();
            } while (System.nanoTime() < until);
        } finally {
            cancellers.shutdownNow();
        }
    }

    /** Starts {@code n} executions and cancels each three times at once, soon; answers the entries left running. */
    private static List<String> storm(FlowVersion v, ExecutorService cancellers, int n) throws Exception {
        List<Execution> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Execution e = h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of());
            runs.add(e);
            long at = ThreadLocalRandom.current().nextLong(0, 4);
            for (int k = 0; k < 3; k++) {
                cancellers.execute(() -> {
                    try {
                        Thread.sleep(at);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                    h.engine.cancel(e.id());
                });
            }
        }
        List<String> leftovers = new ArrayList<>();
        for (Execution e : runs) {
            e.done().get(30, TimeUnit.SECONDS);
            finalWrites.get(e.id()).stream().filter(s -> s.contains(" RUNNING"))
                    .forEach(s -> leftovers.add(e.id() + ": " + s));
        }
        return leftovers;
    }

    /** An entry as the store would keep it, in short: step, indexes, status, error code. */
    private static String describe(TraceEntry t) {
        String where = t.indexes() == null ? "" : t.indexes().toString().replace(" ", "");
        return t.stepId() + where + " " + t.status() + (t.error() == null ? "" : " " + t.error().code())
                + (t.status() != TraceEntry.Status.RUNNING && t.durationMs() == null ? " (no duration)" : "");
    }
}
