package io.flows.engine.schedule;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.model.Trigger;
import io.flows.engine.api.ApiDocs;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.api.Listing;
import io.flows.engine.api.docs.FlowSchedule;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.service.FlowRegistry;
import io.flows.engine.store.FlowRow;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A flow's schedule: its cron, when it fires next, and its recent ticks. */
@Controller("/api/flows")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "flows")
public class ScheduleController {


    private final FlowRegistry registry;
    private final ScheduleFireRepository fires;
    private final Scheduler scheduler;

    public ScheduleController(FlowRegistry registry, ScheduleFireRepository fires, Scheduler scheduler) {
        this.registry = registry;
        this.fires = fires;
        this.scheduler = scheduler;
    }

    @Get("/{id}/schedule")
    @Operation(summary = "The flow's schedule trigger, its next tick and its recent ticks (newest first)")
    @ApiResponse(responseCode = "200", description = "The schedule",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FlowSchedule.class)))
    @ApiDocs.BadRequest
    @ApiDocs.NotFound
    public ObjectNode schedule(@PathVariable String id, @QueryValue(defaultValue = "20") int limit) {
        Listing.checkLimit(limit);
        FlowRow flow = registry.row(id).orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'"));
        FlowVersion v = registry.version(id, flow.latestVersion())
                .orElseThrow(() -> ApiProblem.notFound("flow '" + id + "' has no version " + flow.latestVersion()));
        Trigger t = v.flow().trigger();
        if (t.type() != Trigger.Type.SCHEDULE) {
            throw ApiProblem.notFound("flow '" + id + "' has no schedule trigger (its trigger is " + t.type().json() + ")");
        }
        CronSchedule cron = CronSchedule.parse(t.cron(), t.timezone());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("cron", cron.cron());
        answer.put("timezone", cron.zone().getId());
        answer.put("misfire", t.misfireOrDefault().json());
        answer.put("enabled", flow.enabled());
        if (flow.enabled()) {
            answer.put("nextFireAt", scheduler.nextFireAt(id, cron).toString());
        } else {
            answer.putNull("nextFireAt");
        }
        ArrayNode list = answer.putArray("fires");
        for (ScheduleFireRow f : fires.findByFlowIdOrderByFireTimeDesc(id, Pageable.from(0, limit))) {
            ObjectNode n = list.addObject();
            n.put("fireTime", f.fireTime().toString());
            n.put("status", f.status());
            if (f.executionId() != null) {
                n.put("executionId", f.executionId());
            }
            if (f.ticks() > 1) {
                n.put("ticks", f.ticks());
            }
        }
        return answer;
    }
}
