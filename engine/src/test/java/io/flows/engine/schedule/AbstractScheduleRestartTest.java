package io.flows.engine.schedule;

import static io.flows.engine.schedule.Schedules.await;
import static io.flows.engine.schedule.Schedules.count;
import static io.flows.engine.schedule.Schedules.fires;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.runtime.Jsons;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ticks while no node runs: the service is stopped for a few seconds (longer than the misfire
 * threshold) and started again on the same database.
 */
@Timeout(90)
abstract class AbstractScheduleRestartTest {

    protected abstract TestDatabase newDatabase();

    @Test
    void ticksMissedWhileStoppedAreRecordedAndRunOnceRunsTheLatest() throws Exception {
        try (TestDatabase db = newDatabase()) {
            Map<String, Object> props = Schedules.fast(TestService.properties(db));
            props.put("flows.schedules.misfire-threshold", "2s");
            EmbeddedServer first = TestService.start(props);
            Http http = new Http(TestService.baseUrl(first));
            assertThat(http.post("/api/flows", "application/yaml", Schedules.flow("once", "* * * * * *", "run-once")).status()).isEqualTo(201);
            assertThat(http.post("/api/flows", "application/yaml", Schedules.flow("skipping", "* * * * * *", "skip")).status()).isEqualTo(201);
            await("both fired", Duration.ofSeconds(10), () -> !fires(first, "once").isEmpty() && !fires(first, "skipping").isEmpty());
            first.getApplicationContext().close();
            Instant stopped = Instant.now();

            // the outage: 5 s, so at least two whole ticks fall more than the 2 s threshold before the first pass
            Thread.sleep(5000);

            EmbeddedServer second = TestService.start(props);
            try {
                await("missed ticks recorded", Duration.ofSeconds(10),
                        () -> count(fires(second, "once"), ScheduleFireRow.MISSED) > 0 && count(fires(second, "skipping"), ScheduleFireRow.MISSED) > 0);
                await("ticks after the restart", Duration.ofSeconds(10),
                        () -> fires(second, "once").stream().anyMatch(f -> f.fireTime().isAfter(Instant.now().minusSeconds(1))));
                second.getApplicationContext().getBean(io.flows.engine.service.FlowService.class).setEnabled("once", false);
                second.getApplicationContext().getBean(io.flows.engine.service.FlowService.class).setEnabled("skipping", false);
                Schedules.awaitForgotten(second, "once");
                Schedules.awaitForgotten(second, "skipping");

                List<ScheduleFireRow> once = fires(second, "once");
                List<ScheduleFireRow> skipping = fires(second, "skipping");
                Schedules.assertEverySecondOnce(once);
                Schedules.assertEverySecondOnce(skipping);
                // judged on the outage only: on a loaded machine a late pass may miss ticks at other times too
                List<ScheduleFireRow> onceOut = outage(once, stopped);
                List<ScheduleFireRow> skippingOut = outage(skipping, stopped);
                assertThat(count(onceOut, ScheduleFireRow.CATCH_UP)).as("%s", onceOut).isEqualTo(1);
                assertThat(count(onceOut, ScheduleFireRow.FIRED)).as("%s", onceOut).isZero();
                assertThat(count(skippingOut, ScheduleFireRow.CATCH_UP)).isZero();
                assertThat(count(skippingOut, ScheduleFireRow.FIRED)).isZero();
                assertThat(count(onceOut, ScheduleFireRow.MISSED)).isGreaterThanOrEqualTo(1);
                assertThat(count(skippingOut, ScheduleFireRow.MISSED)).isGreaterThanOrEqualTo(2);
                // the catch-up is the latest missed tick, and it ran; the other missed ticks did not
                ScheduleFireRow catchUp = onceOut.stream().filter(f -> f.status().equals(ScheduleFireRow.CATCH_UP)).findFirst().orElseThrow();
                assertThat(onceOut.stream().filter(f -> f.status().equals(ScheduleFireRow.MISSED)))
                        .allMatch(f -> f.fireTime().isBefore(catchUp.fireTime()) && f.executionId() == null);
                ExecutionRow run = Schedules.executions(second.getApplicationContext(), "once").stream()
                        .filter(e -> e.id().equals(catchUp.executionId())).findFirst().orElseThrow();
                assertThat(Jsons.read(run.triggerJson()).path("catchUp").asBoolean()).isTrue();
                for (String flow : List.of("once", "skipping")) {
                    List<ScheduleFireRow> ran = fires(second, flow).stream().filter(f -> f.executionId() != null).toList();
                    Schedules.assertOneExecutionPerFire(second.getApplicationContext(), flow, ran);
                }
            } finally {
                second.getApplicationContext().close();
            }
        }
    }

    /**
     * Ticks after the stop and before the first one the restarted node fired on time: what its first pass found missed.
     * (Both processes are one node, under one node id: after the stop only the restarted one fires.)
     */
    private static List<ScheduleFireRow> outage(List<ScheduleFireRow> fires, Instant stopped) {
        Instant resumed = fires.stream().filter(f -> f.fireTime().isAfter(stopped) && f.status().equals(ScheduleFireRow.FIRED))
                .map(ScheduleFireRow::fireTime).findFirst().orElseThrow();
        return fires.stream().filter(f -> f.fireTime().isAfter(stopped) && f.fireTime().isBefore(resumed)).toList();
    }
}
