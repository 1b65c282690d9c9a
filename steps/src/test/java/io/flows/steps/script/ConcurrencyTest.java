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
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

    @Test
    void sixteenThreadsGetTheirOwnCorrectResults() throws Exception {
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults())) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 16; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            int n = thread * 1000 + i;
                            var in = Map.of("input", json("{\"n\":" + n + "}"));
                            assertThat(engine.runScript("console.log(input.n); return {n: input.n * 2}", in).output())
                                    .isEqualTo(json("{\"n\":" + n * 2 + "}"));
                            assertThat(engine.evaluate("input.n + 1", in)).isEqualTo(json(String.valueOf(n + 1)));
                            assertThat(engine.runScript("console.log(input.n); return 1", in).logs())
                                    .containsExactly(String.valueOf(n));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anEndlessLoopDoesNotHoldUpOtherScripts() throws Exception {
        // a deadline far beyond the test: the loop ends only when stopped, so "still running" cannot race it
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(120)))) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            ScriptStop stop = new ScriptStop();
            try {
                Future<String> looping = pool.submit(() -> {
                    try {
                        engine.runScript("while (true) {}", Map.of(), stop);
                        return "finished";
                    } catch (StepFailure f) {
                        return f.code();
                    }
                });
                Thread.sleep(200);
                for (int i = 0; i < 20; i++) {
                    assertThat(engine.runScript("return input + 1", Map.of("input", json(String.valueOf(i))))
                            .output()).isEqualTo(json(String.valueOf(i + 1)));
                }
                assertThat(looping.isDone()).as("the loop is still running while the others finished").isFalse();
                stop.stop();
                assertThat(looping.get(30, TimeUnit.SECONDS)).isEqualTo("CANCELLED");
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
