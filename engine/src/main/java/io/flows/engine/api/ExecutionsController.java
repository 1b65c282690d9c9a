package io.flows.engine.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.model.DurationText;
import io.flows.engine.api.docs.Execution;
import io.flows.engine.api.docs.ExecutionSummary;
import io.flows.engine.service.ExecutionService;
import io.flows.engine.service.Triggers;
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
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Starting executions (sync or async, idempotent), reading, cancelling and replaying them.
 *
 * <p>A start without an idempotency key holds no thread while its execution is stored and runs: the
 * answer completes from the writer's commit and the execution's end. Everything that reads the
 * database runs on the blocking pool.
 */
@Controller
@Tag(name = "executions")
public class ExecutionsController {

    /** Query parameters that configure the start itself; the others become {@code trigger.query}. */
    private static final Set<String> START_OPTIONS = Set.of("wait", "timeout");

    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final Pattern LEADING_ZEROS = Pattern.compile("^0+(?=[0-9])");
    private static final Pattern LONGER_THAN_ANY_WAIT = Pattern.compile("^[1-9][0-9]{9,}(ms|s|m|h)$");

    private final ExecutionService executions;
    private final ExecutorService blocking;

    public ExecutionsController(ExecutionService executions, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.executions = executions;
        this.blocking = blocking;
    }

    @Post("/api/flows/{id}/executions")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Start an execution; wait=true answers with the finished execution")
    @RequestBody(required = false, description = "the trigger body: any JSON; empty means {}",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(type = "object")))
    @ApiResponse(responseCode = "200", description = "wait=true and the execution ended in time: the execution, "
            + "whatever its final status",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Execution.class)))
    @ApiResponse(responseCode = "202", description = "Queued (or, with wait=true, still running when the wait ended); "
            + "Location: /api/executions/{id}",
            content = @Content(mediaType = ApiDocs.JSON,
                    schema = @Schema(implementation = ApiDocs.ExecutionAccepted.class)))
    @ApiDocs.BadRequest
    @ApiDocs.NotFound
    @ApiDocs.Conflict
    @ApiDocs.TooLarge
    @ApiDocs.Unprocessable
    @ApiDocs.Unavailable
    public CompletableFuture<MutableHttpResponse<?>> start(HttpRequest<?> request, @PathVariable String id,
                                                           @QueryValue("wait") @Nullable String waitValue,
                                                           @QueryValue @Nullable String timeout,
                                                           @Header("Idempotency-Key") @Nullable String keyHeader,
                                                           @Body @Nullable byte[] body) {
        boolean wait = QueryOptions.flag("wait", waitValue, false);
        Duration waitFor = waitTimeout(QueryOptions.given(timeout));
        String idempotencyKey = IdempotencyKeyHeader.checked(keyHeader);
        ObjectNode trigger = Triggers.rest(Bodies.json(body), Bodies.headers(request),
                Bodies.query(request, START_OPTIONS));
        if (idempotencyKey == null) {
            return executions.submitAsync(id, trigger, wait).thenCompose(s -> answer(s, wait, waitFor));
        }
        // the key is looked up and recorded in the database, under a lock per key
        return CompletableFuture.supplyAsync(() -> executions.submit(id, trigger, idempotencyKey, wait), blocking)
                .thenCompose(s -> s.replayed()
                        // a repeat answers like the first request did: waiting for the end if that one waited
                        ? answer(s, s.firstWaited(), waitFor).thenApply(r -> r.header("Idempotent-Replayed", "true"))
                        : answer(s, wait, waitFor));
    }

    /** {@code wait}: true/false (also 1/0, yes/no, on/off, any case); absent means false; anything else is refused. */
    private CompletableFuture<MutableHttpResponse<?>> answer(ExecutionService.Submission s, boolean wait, Duration timeout) {
        String id = s.id();
        if (!wait) {
            // what was committed before this answer: the execution is queued (it may be running already)
            return CompletableFuture.completedFuture(accepted(id, "QUEUED"));
        }
        // a repeat may reach a node that does not run the execution: that node waits for the stored end, up to the same timeout
        CompletableFuture<ObjectNode> end = s.end() != null ? s.end() : executions.whenEnded(id, timeout);
        return end.thenApply(Optional::of)
                .completeOnTimeout(Optional.empty(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(done -> done.filter(ExecutionsController::isEnded).isPresent()
                        ? CompletableFuture.completedFuture(HttpResponse.ok(done.get()))
                        : CompletableFuture.supplyAsync(() -> asItIs(id), blocking));
    }

    /**
     * The answer once the wait is over: the execution may have ended since (at once, with {@code timeout=0s}), and
     * then gets the 200 a wait in time gets, so that the status code never contradicts the status in the body.
     */
    private MutableHttpResponse<?> asItIs(String id) {
        ObjectNode now = executions.get(id);
        return isEnded(now) ? HttpResponse.ok(now) : accepted(id, now.path("status").asText());
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
        if (timeout == null) {
            return Duration.ofSeconds(30);
        }
        String text = LEADING_ZEROS.matcher(timeout).replaceFirst(""); // 0000000001s is 1s, however many zeros
        if (LONGER_THAN_ANY_WAIT.matcher(text).matches()) {
            return MAX_WAIT; // more digits than a flow's durations take: longer than the cap in any unit
        }
        if (!DurationText.isValid(text)) {
            throw ApiProblem.badRequest("timeout must be a duration such as 500ms, 30s or 2m, not '" + timeout + "'");
        }
        Duration d = DurationText.parse(text).value();
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Get("/api/flows/{id}/executions")
    @Operation(summary = "Recent executions of a flow, newest first; also of a deleted flow")
    @ApiResponse(responseCode = "200", description = "The executions, newest first",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = ExecutionSummary.class))))
    @ApiDocs.BadRequest
    @ApiDocs.NotFound
    public List<ObjectNode> list(@PathVariable String id, @QueryValue @Nullable String status,
                                 @QueryValue(defaultValue = "50") int limit) {
        String wanted = QueryOptions.given(status);
        Listing.check(wanted, List.of("QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"), limit);
        return executions.list(id, wanted, limit);
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Get("/api/executions/{id}")
    @Operation(summary = "One execution with its step trace")
    @ApiResponse(responseCode = "200", description = "The execution",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Execution.class)))
    @ApiDocs.NotFound
    public ObjectNode get(@PathVariable String id) {
        return executions.get(id);
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post("/api/executions/{id}/cancel")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Cancel a queued or running execution")
    @ApiResponse(responseCode = "200", description = "The execution: CANCELLED, unless it had already ended",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Execution.class)))
    @ApiDocs.NotFound
    @ApiDocs.Conflict
    public ObjectNode cancel(@PathVariable String id) {
        return executions.cancel(id);
    }

    @ExecuteOn(TaskExecutors.BLOCKING)
    @Post("/api/executions/{id}/replay")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Run the same flow version again with the same trigger input")
    @ApiResponse(responseCode = "202", description = "Started; Location: /api/executions/{new id}",
            content = @Content(mediaType = ApiDocs.JSON,
                    schema = @Schema(implementation = ApiDocs.ExecutionReplayed.class)))
    @ApiDocs.NotFound
    @ApiDocs.Conflict
    @ApiDocs.Unavailable
    public HttpResponse<?> replay(@PathVariable String id) {
        ExecutionService.Submission s = executions.replay(id);
        return HttpResponse.accepted(URI.create("/api/executions/" + s.id()))
                .body(JsonNodeFactory.instance.objectNode().put("id", s.id()));
    }
}
