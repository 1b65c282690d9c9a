package io.flows.steps.script;

import static io.flows.steps.script.ScriptEngineTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.steps.StepFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The bounded pool of sandbox contexts: evaluations wait for a busy one, and a stop ends the wait at once. */
class ContextPoolTest {

    private static final Map<String, com.fasterxml.jackson.databind.JsonNode> N = Map.of("input", json("{\"n\":1}"));

    @Test
    void aStopEndsTheWaitForABusyContextAtOnce() throws Exception {
        // one context, held by an endless loop; nothing else may be made for a minute
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(120))
                .withMaxPooledContexts(1), 1, Duration.ofSeconds(60), false)) {
            assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
            ExecutorService threads = Executors.newFixedThreadPool(2);
            ScriptStop loopStop = new ScriptStop();
            try {
                Future<String> loop = threads.submit(() -> outcome(() -> engine.runScript("while (true) {}", Map.of(),
                        loopStop)));
                awaitTrue(() -> engine.pool().idle() == 0); // the loop has the only context
                ScriptStop stop = new ScriptStop();
                Future<String> waiting = threads.submit(() -> outcome(() -> engine.evaluate("input.n + 1", N, stop)));
                Thread.sleep(100);
                assertThat(waiting.isDone()).as("it waits for the busy context").isFalse();
                long stopped = System.nanoTime();
                stop.stop(); // what the step's timeout does
                assertThat(waiting.get(10, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
                assertThat((System.nanoTime() - stopped) / 1_000_000).isLessThan(1_000);
                assertThat(loop.isDone()).isFalse();
                assertThat(engine.pool().made()).isEqualTo(1);
                loopStop.stop();
                assertThat(loop.get(30, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
                assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
            } finally {
                loopStop.stop();
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aStopBeforeAnyContextIsFreeEndsTheEvaluationWithoutRunningIt() {
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(1))) {
            ScriptStop stop = new ScriptStop();
            stop.stop();
            assertThat(outcome(() -> engine.evaluate("input.n + 1", N, stop))).isEqualTo("CANCELLED");
            assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
        }
    }

    @Test
    void aStopWhileTheContextIsBeingMadeEndsTheMaking() throws Exception {
        // making a context runs the prelude: hundreds of milliseconds, seconds on a cold JVM, beyond a step's timeout
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(1), 1,
                Duration.ofSeconds(60), false)) {
            ExecutorService threads = Executors.newFixedThreadPool(1);
            try {
                ScriptStop stop = new ScriptStop();
                Future<String> first = threads.submit(() -> outcome(() -> engine.evaluate("input.n + 1", N, stop)));
                awaitTrue(() -> engine.pool().live() == 1);
                stop.stop();
                assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
                assertThat(engine.pool().made()).as("the making was abandoned").isZero();
                assertThat(engine.pool().live()).isZero();
                assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void concurrentEvaluationsShareAtMostTheCapacityOfContexts() throws Exception {
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(2), 2,
                Duration.ofSeconds(60), false)) {
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    futures.add(threads.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            var in = Map.of("input", json("{\"n\":" + (thread * 100 + i) + "}"));
                            assertThat(engine.evaluate("{a: input.n, b: input.n * 2}", in))
                                    .isEqualTo(json("{\"a\":" + (thread * 100 + i) + ",\"b\":" + (thread * 100 + i) * 2 + "}"));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
                // each made context costs a prelude run (hundreds of ms interpreted): one per waiting evaluation was
                // what stalled a cold node
                assertThat(engine.pool().made()).isEqualTo(2);
                assertThat(engine.pool().live()).isEqualTo(2);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void anEvaluationThatWaitedLongGetsOneMoreContextWhileRunawayScriptsHoldTheirs() throws Exception {
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(120))
                .withMaxPooledContexts(1), 1, Duration.ofMillis(100), false)) {
            assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
            ExecutorService threads = Executors.newFixedThreadPool(1);
            ScriptStop loopStop = new ScriptStop();
            try {
                Future<String> loop = threads.submit(() -> outcome(() -> engine.runScript("while (true) {}", Map.of(),
                        loopStop)));
                awaitTrue(() -> engine.pool().idle() == 0); // the loop has the only context
                assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
                assertThat(engine.evaluate("input.n + 2", N)).isEqualTo(json("3"));
                assertThat(engine.pool().made()).as("the extra context serves the next evaluation too").isEqualTo(2);
                loopStop.stop();
                assertThat(loop.get(30, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
                assertThat(engine.pool().live()).as("the runaway's context went; the pool is back to one").isEqualTo(1);
            } finally {
                loopStop.stop();
                threads.shutdownNow();
            }
        }
    }

    @Test
    void runawayScriptsHoldingMoreContextsThanTwiceThePoolStillLeaveOneForAnotherEvaluation() throws Exception {
        // one pooled context and up to four more: three runaway scripts (a foreach of them) hold three
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(120))
                .withMaxPooledContexts(1), 4, Duration.ofMillis(100), false)) {
            ExecutorService threads = Executors.newFixedThreadPool(3);
            List<ScriptStop> stops = List.of(new ScriptStop(), new ScriptStop(), new ScriptStop());
            try {
                List<Future<String>> loops = new ArrayList<>();
                for (ScriptStop stop : stops) {
                    loops.add(threads.submit(() -> outcome(() -> engine.runScript("while (true) {}", Map.of(), stop))));
                }
                awaitTrue(() -> engine.pool().live() == 3 && engine.pool().idle() == 0);

                assertThat(engine.evaluate("input.n + 1", N)).as("another execution's expression").isEqualTo(json("2"));
                assertThat(engine.pool().live()).isEqualTo(4);
                stops.forEach(ScriptStop::stop);
                for (Future<String> loop : loops) {
                    assertThat(loop.get(30, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
                }
                assertThat(engine.pool().live()).as("the runaways' contexts went").isEqualTo(1);
            } finally {
                stops.forEach(ScriptStop::stop);
                threads.shutdownNow();
            }
        }
    }

    @Test
    void thePoolIsMadeAheadInTheBackground() throws Exception {
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(2))) {
            awaitTrue(() -> engine.pool().idle() == 2);
            assertThat(engine.evaluate("input.n + 1", N)).isEqualTo(json("2"));
            assertThat(engine.pool().made()).isEqualTo(2);
        }
    }

    private static String outcome(Runnable evaluation) {
        try {
            evaluation.run();
            return "finished";
        } catch (StepFailure f) {
            return f.code();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(5);
        }
    }
}
