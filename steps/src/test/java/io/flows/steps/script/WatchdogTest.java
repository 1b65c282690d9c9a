package io.flows.steps.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WatchdogTest {

    @Test
    @Timeout(60) // a lost wake-up would let the runaway run on
    void sleepsWhileNothingRunsAndStillStopsEachRunawayAfterwards() throws InterruptedException {
        try (Watchdog watchdog = new Watchdog(ScriptLimits.defaults().withCpuDeadline(Duration.ofMillis(200)))) {
            for (int round = 1; round <= 2; round++) {
                awaitSleeping(watchdog);
                // not closed here: stopping the run closes it
                Context context = Context.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();
                Watchdog.Run run = watchdog.start(context);
                assertThatThrownBy(() -> context.eval("js", "while (true) {}"))
                        .as("round %d", round)
                        .isInstanceOfSatisfying(PolyglotException.class, e -> assertThat(e.isCancelled()).isTrue());
                assertThat(run.finish()).isEqualTo(Watchdog.Trip.TIMEOUT);
            }
            awaitSleeping(watchdog);
        }
    }

    private static void awaitSleeping(Watchdog watchdog) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!watchdog.sleeping()) {
            assertThat(System.nanoTime()).as("the watchdog went to sleep with nothing to watch").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
