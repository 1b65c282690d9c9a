package io.flows.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.ExecutionRow;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.model.Pageable;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** What the schedule tests share: flow documents, polling with a deadline, and the rows a service wrote. */
final class Schedules {

    private Schedules() {
    }

    /** Short lease and poll, so takeovers and ticks happen within a test's seconds. */
    static Map<String, Object> fast(Map<String, Object> props) {
        props.put("flows.schedules.lease", "1s");
        props.put("flows.schedules.poll", "100ms");
        return props;
    }

    static String flow(String id, String cron, String misfire) {
        return """
                id: %s
                trigger:
                  type: schedule
                  cron: "%s"
                  misfire: %s
                  input: { source: erp }
                steps:
                  - { id: t, type: transform, set: { at: "${trigger.fireTime}" } }
                """.formatted(id, cron, misfire);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits until the serving node has forgotten the flow's schedule (it does so on its first pass
     * that finds the flow disabled or deleted): every pass that could still fire it is over.
     */
    static void awaitForgotten(EmbeddedServer server, String flowId) {
        ScheduleRepository states = server.getApplicationContext().getBean(ScheduleRepository.class);
        await("the schedule of " + flowId + " is forgotten", Duration.ofSeconds(10), () -> states.findById(flowId).isEmpty());
    }

    static void awaitForgottenAfterDisabling(io.flows.engine.support.Http http, EmbeddedServer server, String flowId) {
        io.flows.engine.support.Http.Answer a = http.post("/api/flows/" + flowId + "/disable", "application/json", "");
        if (a.status() != 200) {
            throw new AssertionError(a.toString());
        }
        awaitForgotten(server, flowId);
    }

    /** The flow's tick rows, oldest first. */
    static List<ScheduleFireRow> fires(EmbeddedServer server, String flowId) {
        List<ScheduleFireRow> rows = new ArrayList<>(server.getApplicationContext().getBean(ScheduleFireRepository.class)
                .findByFlowIdOrderByFireTimeDesc(flowId, Pageable.from(0, 10_000)));
        java.util.Collections.reverse(rows);
        return rows;
    }

    static long count(List<ScheduleFireRow> fires, String status) {
        return fires.stream().filter(f -> f.status().equals(status)).count();
    }

    static List<ExecutionRow> executions(ApplicationContext ctx, String flowId) {
        List<ExecutionRow> rows = new ArrayList<>();
        ctx.getBean(ExecutionRepository.class).findAll().forEach(e -> {
            if (e.flowId().equals(flowId)) {
                rows.add(e);
            }
        });
        return rows;
    }

    /** Executions of the flow by the fire time in their trigger. */
    static Map<Instant, List<ExecutionRow>> byFireTime(ApplicationContext ctx, String flowId) {
        Map<Instant, List<ExecutionRow>> out = new TreeMap<>();
        for (ExecutionRow e : executions(ctx, flowId)) {
            JsonNode trigger = Jsons.read(e.triggerJson());
            out.computeIfAbsent(Instant.parse(trigger.path("fireTime").asText()), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    /** Exactly one execution for each of {@code fires} (in fire-time order), and none for any other tick. */
    static void assertOneExecutionPerFire(ApplicationContext ctx, String flowId, List<ScheduleFireRow> fires) {
        Map<Instant, List<ExecutionRow>> runs = byFireTime(ctx, flowId);
        assertThat(runs.keySet()).as(flowId).containsExactlyElementsOf(fires.stream().map(ScheduleFireRow::fireTime).toList());
        assertThat(runs).as(flowId).allSatisfy((tick, list) -> assertThat(list).as("executions of tick %s", tick).hasSize(1));
    }

    /** Consecutive fire times one second apart: no tick left out, none twice. */
    static void assertEverySecondOnce(List<ScheduleFireRow> fires) {
        for (int i = 1; i < fires.size(); i++) {
            Duration step = Duration.between(fires.get(i - 1).fireTime(), fires.get(i).fireTime());
            if (!step.equals(Duration.ofSeconds(1))) {
                throw new AssertionError("ticks " + fires.get(i - 1).fireTime() + " and " + fires.get(i).fireTime()
                        + " are " + step + " apart, not one second");
            }
        }
    }
}
