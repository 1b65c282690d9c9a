package io.flows.engine.schedule;

import static io.flows.engine.schedule.Schedules.await;
import static io.flows.engine.schedule.Schedules.fires;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** The schedule trigger on one node, written once and run on each database (subclasses say which). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class AbstractScheduleTest {

    private TestDatabase db;
    private EmbeddedServer server;
    private Http http;

    protected abstract TestDatabase newDatabase();

    @BeforeAll
    void start() {
        db = newDatabase();
        server = TestService.start(Schedules.fast(TestService.properties(db)));
        http = new Http(TestService.baseUrl(server));
    }

    @AfterAll
    void stop() throws Exception {
        TestService.closeAll(TestService.stopping(server), db);
    }

    private String create(String cron, String misfire) {
        String id = "s-" + UUID.randomUUID().toString().substring(0, 8);
        Answer a = http.post("/api/flows", "application/yaml", Schedules.flow(id, cron, misfire));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return id;
    }

    @Test
    void anEverySecondScheduleFiresOnceForEachTick() {
        String id = create("* * * * * *", "run-once");
        await("four ticks fired", Duration.ofSeconds(15), () -> fires(server, id).size() >= 4);
        assertThat(http.post("/api/flows/" + id + "/disable", "application/json", "").status()).isEqualTo(200);
        Schedules.awaitForgotten(server, id);
        await("every execution ended", Duration.ofSeconds(10), () -> Schedules.executions(server.getApplicationContext(), id)
                .stream().allMatch(e -> e.status().equals("SUCCEEDED")));
        List<ScheduleFireRow> fires = fires(server, id);
        assertThat(fires).allMatch(f -> f.status().equals(ScheduleFireRow.FIRED) && f.executionId() != null);
        Schedules.assertEverySecondOnce(fires);
        Map<Instant, List<ExecutionRow>> runs = Schedules.byFireTime(server.getApplicationContext(), id);
        assertThat(runs).hasSize(fires.size()).allSatisfy((t, list) -> assertThat(list).hasSize(1));
        for (ScheduleFireRow f : fires) {
            assertThat(runs.get(f.fireTime()).get(0).id()).isEqualTo(f.executionId());
        }
        JsonNode execution = http.get("/api/executions/" + fires.get(0).executionId()).json();
        assertThat(execution.path("trigger").path("type").asText()).isEqualTo("schedule");
        assertThat(execution.path("trigger").path("fireTime").asText()).isEqualTo(fires.get(0).fireTime().toString());
        assertThat(execution.path("trigger").path("body")).isEqualTo(Jsons.read("{\"source\":\"erp\"}"));
        assertThat(execution.path("output").path("at").asText()).isEqualTo(fires.get(0).fireTime().toString());
        assertThat(http.get("/prometheus").body()).containsPattern(
                "flows_schedule_ticks_total\\{[^}]*flow=\"" + id + "\"[^}]*status=\"FIRED\"[^}]*} " + fires.size() + "\\.0");
    }

    @Test
    void aSecondRecordOfTheSameTickIsRefused() {
        ScheduleFireRepository repo = server.getApplicationContext().getBean(ScheduleFireRepository.class);
        Instant tick = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = Instant.now();
        repo.save(new ScheduleFireRow(UUID.randomUUID().toString(), "unique-check", tick, "FIRED", null, 1, now, "a"));
        assertThatThrownBy(() -> repo.save(new ScheduleFireRow(UUID.randomUUID().toString(), "unique-check", tick,
                "FIRED", null, 1, now, "b"))).isInstanceOf(DataAccessException.class);
        assertThat(repo.existsByFlowIdAndFireTime("unique-check", tick)).isTrue();
    }

    @Test
    void aDisabledFlowDoesNotFireAndItsDisabledTimeIsNotMissed() {
        String id = create("* * * * * *", "run-once");
        assertThat(http.post("/api/flows/" + id + "/disable", "application/json", "").status()).isEqualTo(200);
        pollPasses();
        Schedules.awaitForgotten(server, id);
        int before = fires(server, id).size();
        int executions = Schedules.executions(server.getApplicationContext(), id).size();
        sleep(Duration.ofMillis(2500));
        assertThat(fires(server, id)).hasSize(before);
        assertThat(Schedules.executions(server.getApplicationContext(), id)).hasSize(executions);
        assertThat(http.get("/api/flows/" + id + "/schedule").json().path("nextFireAt").isNull()).isTrue();

        assertThat(http.post("/api/flows/" + id + "/enable", "application/json", "").status()).isEqualTo(200);
        await("a tick after enabling", Duration.ofSeconds(10), () -> fires(server, id).size() > before);
        assertThat(fires(server, id)).noneMatch(f -> !f.status().equals(ScheduleFireRow.FIRED));
    }

    @Test
    void aChangedCronStartsFromNow() {
        String id = create("0 0 0 1 1 *", "run-once");
        pollPasses();
        assertThat(http.get("/api/flows/" + id + "/schedule").json().path("nextFireAt").asText()).endsWith("-01-01T00:00:00Z");
        Answer saved = http.put("/api/flows/" + id, "application/yaml", Schedules.flow(id, "* * * * * *", "run-once"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        await("a tick of the new cron", Duration.ofSeconds(10), () -> !fires(server, id).isEmpty());
        assertThat(fires(server, id)).allMatch(f -> f.status().equals(ScheduleFireRow.FIRED));
    }

    @Test
    void aLongOutageIsRecordedAsTheLatestHundredTicksAndOneRowForTheRest() {
        String id = create("* * * * * *", "skip");
        await("a tick", Duration.ofSeconds(10), () -> !fires(server, id).isEmpty());
        Instant first = fires(server, id).get(0).fireTime();
        // as if no node had served the schedule for ten minutes before its first tick
        ScheduleRepository states = server.getApplicationContext().getBean(ScheduleRepository.class);
        Instant from = first.minusSeconds(600);
        await("the outage recorded", Duration.ofSeconds(15), () -> {
            if (fires(server, id).stream().anyMatch(f -> f.ticks() > 1)) {
                return true;
            }
            states.findById(id).ifPresent(s -> states.update(
                    new ScheduleRow(id, s.cron(), s.timeZone(), from, s.updatedAt())));
            return false;
        });
        Schedules.awaitForgottenAfterDisabling(http, server, id);
        List<ScheduleFireRow> fires = fires(server, id);
        List<ScheduleFireRow> missed = fires.stream().filter(f -> f.status().equals(ScheduleFireRow.MISSED)).toList();
        ScheduleFireRow summary = missed.get(0);
        assertThat(summary.fireTime()).isEqualTo(from);
        assertThat(missed).hasSize(Scheduler.KEEP_MISSED + 1);
        assertThat(missed.subList(1, missed.size())).allMatch(f -> f.ticks() == 1 && f.executionId() == null);
        // every tick from the start of the outage on is accounted for exactly once
        long accounted = fires.stream().mapToLong(ScheduleFireRow::ticks).sum();
        long span = Duration.between(from, fires.get(fires.size() - 1).fireTime()).toSeconds() + 1;
        assertThat(accounted).isEqualTo(span);
        assertThat(fires).noneMatch(f -> f.status().equals(ScheduleFireRow.CATCH_UP));
        assertThat(http.get("/api/flows/" + id + "/schedule?limit=1000").json().path("fires").findValues("ticks"))
                .extracting(JsonNode::asLong).containsExactly(summary.ticks() + 0L);
    }

    @Test
    void aDeletedFlowStops() {
        String id = create("* * * * * *", "skip");
        await("a tick", Duration.ofSeconds(10), () -> !fires(server, id).isEmpty());
        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);
        Schedules.awaitForgotten(server, id);
        int after = fires(server, id).size();
        sleep(Duration.ofMillis(1500));
        assertThat(fires(server, id)).hasSize(after);
    }

    @Test
    void theScheduleEndpointShowsTheCronTheNextTickAndRecentTicks() {
        String id = "s-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = Schedules.flow(id, "0 0 3 * * *", "skip").replace("  misfire: skip\n", "  misfire: skip\n  timezone: Europe/Berlin\n");
        assertThat(http.post("/api/flows", "application/yaml", yaml).status()).isEqualTo(201);
        JsonNode s = http.get("/api/flows/" + id + "/schedule?limit=5").json();
        assertThat(s.path("cron").asText()).isEqualTo("0 0 3 * * *");
        assertThat(s.path("timezone").asText()).isEqualTo("Europe/Berlin");
        assertThat(s.path("misfire").asText()).isEqualTo("skip");
        Instant next = Instant.parse(s.path("nextFireAt").asText());
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));
        assertThat(next.atZone(java.time.ZoneId.of("Europe/Berlin")).getHour()).isEqualTo(3);
        assertThat(s.path("fires").isArray()).isTrue();

        String ticking = create("* * * * * *", "run-once");
        await("two ticks", Duration.ofSeconds(10), () -> fires(server, ticking).size() >= 2);
        JsonNode tickingSchedule = http.get("/api/flows/" + ticking + "/schedule?limit=1").json();
        assertThat(tickingSchedule.path("timezone").asText()).isEqualTo("UTC");
        assertThat(tickingSchedule.path("misfire").asText()).isEqualTo("run-once");
        JsonNode fires = tickingSchedule.path("fires");
        assertThat(fires).hasSize(1);
        assertThat(fires.get(0).path("status").asText()).isEqualTo("FIRED");
        assertThat(fires.get(0).path("executionId").asText()).isNotEmpty();

        Answer unknown = http.get("/api/flows/nope-" + id + "/schedule");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        String manual = "m-" + id;
        http.post("/api/flows", "application/yaml", "id: " + manual + "\nsteps:\n  - { id: t, type: transform, set: { a: 1 } }\n");
        Answer none = http.get("/api/flows/" + manual + "/schedule");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("detail").asText()).contains("no schedule trigger");
        assertThat(http.get("/api/flows/" + id + "/schedule?limit=0").status()).isEqualTo(400);
    }

    @Test
    void aBadCronOrTimeZoneIsALocatedProblemOnValidateAndOnSave() {
        String badCron = Schedules.flow("bad-cron", "0 61 * * * *", "skip");
        JsonNode v = http.post("/api/flows/validate", "application/yaml", badCron).json();
        JsonNode p = v.path("errors").get(0);
        assertThat(p.path("code").asText()).isEqualTo("INVALID_VALUE");
        assertThat(p.path("path").asText()).isEqualTo("trigger.cron");
        assertThat(p.path("line").asInt()).isEqualTo(4);
        Answer saved = http.post("/api/flows", "application/yaml", badCron);
        assertThat(saved.status()).isEqualTo(400);
        assertThat(saved.body()).contains("trigger.cron");

        String badZone = Schedules.flow("bad-zone", "0 0 * * * *", "skip").replace("  misfire: skip\n", "  misfire: skip\n  timezone: Europe/Berln\n");
        JsonNode z = http.post("/api/flows/validate", "application/yaml", badZone).json().path("errors").get(0);
        assertThat(z.path("code").asText()).isEqualTo("INVALID_VALUE");
        assertThat(z.path("path").asText()).isEqualTo("trigger.timezone");
        assertThat(z.path("line").asInt()).isEqualTo(6);
    }

    /** Long enough for the serving node to have made at least two passes since. */
    private static void pollPasses() {
        sleep(Duration.ofMillis(400));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
