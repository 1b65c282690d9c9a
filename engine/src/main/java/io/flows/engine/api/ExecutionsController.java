package io.flows.engine.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.model.DurationText;
import io.flows.engine.service.ExecutionService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Starting executions (sync or async, idempotent), reading, cancelling and replaying them. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "executions")
public class ExecutionsController {

    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private final ExecutionService executions;

    public ExecutionsController(ExecutionService executions) {
        this.executions = executions;
    }

    @Post("/api/flows/{id}/executions")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Start an execution; wait=true answers with the finished execution")
    public HttpResponse<?> start(HttpRequest<?> request, @PathVariable String id,
                                 @QueryValue(defaultValue = "false") boolean wait,
                                 @QueryValue @Nullable String timeout,
                                 @Header("Idempotency-Key") @Nullable String idempotencyKey,
                                 @Body @Nullable byte[] body) {
        Duration waitFor = waitTimeout(timeout);
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw ApiProblem.badRequest("Idempotency-Key must be 1 to 255 characters");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        Map<String, String> query = new LinkedHashMap<>();
        request.getParameters().forEach((name, values) -> {
            if (!name.equals("wait") && !name.equals("timeout")) {
                query.put(name, String.join(",", values));
            }
        });
        ExecutionService.Submission s = executions.submit(id,
                ExecutionService.restTrigger(Bodies.json(body), headers, query), idempotencyKey, wait);
        if (s.replayed()) {
            // a repeat answers like the first request did: waiting for the end if that one waited
            return answer(s, s.firstWaited(), waitFor).header("Idempotent-Replayed", "true");
        }
        return answer(s, wait, waitFor);
    }

    private MutableHttpResponse<?> answer(ExecutionService.Submission s, boolean wait, Duration timeout) {
        String id = s.id();
        if (wait) {
            Optional<ObjectNode> done = executions.await(s, timeout);
            if (done.isPresent() && isEnded(done.get())) {
                return HttpResponse.ok(done.get());
            }
            ObjectNode now = executions.get(id);
            return accepted(id, now.path("status").asText());
        }
        // what was committed before this answer: the execution is queued (it may be running already)
        return accepted(id, "QUEUED");
    }

    private static boolean isEnded(ObjectNode e) {
        String s = e.path("status").asText();
        return s.equals("SUCCEEDED") || s.equals("FAILED") || s.equals("CANCELLED");
    }

    private static MutableHttpResponse<?> accepted(String id, String status) {
        return HttpResponse.accepted(URI.create("/api/executions/" + id))
                .body(JsonNodeFactory.instance.objectNode().put("id", id).put("status", status));
    }

    private static Duration waitTimeout(String timeout) {
        if (timeout == null || timeout.isBlank()) {
            return Duration.ofSeconds(30);
        }
        if (!DurationText.isValid(timeout)) {
            throw ApiProblem.badRequest("timeout must be a duration such as 500ms, 30s or 2m, not '" + timeout + "'");
        }
        Duration d = DurationText.parse(timeout).value();
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    @Get("/api/flows/{id}/executions")
    @Operation(summary = "Recent executions of a flow, newest first")
    public List<ObjectNode> list(@PathVariable String id, @QueryValue @Nullable String status,
                                 @QueryValue(defaultValue = "50") int limit) {
        Listing.check(status, List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"), limit);
        return executions.list(id, status, limit);
    }

    @Get("/api/executions/{id}")
    @Operation(summary = "One execution with its step trace")
    public ObjectNode get(@PathVariable String id) {
        return executions.get(id);
    }

    @Post("/api/executions/{id}/cancel")
    @Operation(summary = "Cancel a queued or running execution")
    public ObjectNode cancel(@PathVariable String id) {
        return executions.cancel(id);
    }

    @Post("/api/executions/{id}/replay")
    @Operation(summary = "Run the same flow version again with the same trigger input")
    public HttpResponse<?> replay(@PathVariable String id) {
        ExecutionService.Submission s = executions.replay(id);
        return HttpResponse.accepted(URI.create("/api/executions/" + s.id()))
                .body(JsonNodeFactory.instance.objectNode().put("id", s.id()));
    }
}
