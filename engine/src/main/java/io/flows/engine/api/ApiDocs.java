package io.flows.engine.api;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * What the OpenAPI document says about answers the generator cannot see: the problem+json error answers, one
 * annotation each, so an operation names the problems it can answer ({@code @NotFound @Conflict}) instead of
 * repeating their content, and the shapes of answers built as JSON trees. Only the document reads these; what
 * an operation really answers comes from {@link ApiProblem}, {@link ProblemHandler} and the controllers.
 */
public final class ApiDocs {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String JSON = "application/json";

    private ApiDocs() {
    }

    /** The body of a save or a validation: a flow document, as JSON or as YAML text. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "a flow document", content = {
            @Content(mediaType = JSON, schema = @Schema(type = "object")),
            @Content(mediaType = "application/yaml", schema = @Schema(type = "string"))})
    public @interface FlowDocument {
    }

    /** An RFC 9457 problem, as {@link ProblemHandler} writes it. */
    @Schema(name = "Problem", description = "RFC 9457 problem details")
    public record Problem(
            @Schema(example = "about:blank", requiredMode = Schema.RequiredMode.REQUIRED) String type,
            String title,
            int status,
            String detail,
            @Schema(description = "for an invalid flow: what is wrong and where") List<ProblemError> errors,
            @Schema(description = "for an invalid flow: what it says but will not do, when there is some")
            List<ProblemError> warnings) {
    }

    /** One problem in a flow document; a problem of the whole document (too large, not UTF-8) has no place in it. */
    @Schema(name = "ProblemError")
    public record ProblemError(String code, String path,
            @Schema(description = "1-based, in the text sent; absent when the problem has no place in it",
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED) Integer line,
            @Schema(description = "1-based, in the text sent; present when line is",
                    requiredMode = Schema.RequiredMode.NOT_REQUIRED) Integer column,
            String message) {
    }

    /** A saved flow version. */
    @Schema(name = "FlowVersionSaved")
    public record FlowVersionSaved(String id, int version,
            @Schema(description = "what the document says but will not do; present only when there is some")
            List<ProblemError> warnings) {
    }

    /** What validation found; a flow that does not parse is answered here too, with valid false. */
    @Schema(name = "ValidationResult")
    public record ValidationResult(boolean valid,
            @Schema(description = "present when valid is false") List<ProblemError> errors,
            @Schema(description = "present when there are some; they never make a flow invalid")
            List<ProblemError> warnings) {
    }

    /** An execution that was queued, or is still running when a wait ended. */
    @Schema(name = "ExecutionAccepted")
    public record ExecutionAccepted(String id,
            @Schema(allowableValues = {"QUEUED", "RUNNING"}, requiredMode = Schema.RequiredMode.REQUIRED) String status) {
    }

    /** The id of the execution a replay started. */
    @Schema(name = "ExecutionReplayed")
    public record ExecutionReplayed(String id) {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400", description = "Bad request: the body, a parameter or a header is not valid",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface BadRequest {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "401", description = "Missing or wrong webhook signature",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface Unauthorized {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "Not found",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface NotFound {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "409", description = "Conflicts with the current state; detail says how (for "
            + "example: the id exists, the flow is disabled)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface Conflict {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "412", description = "If-Match names a version that is no longer the latest",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface PreconditionFailed {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "413", description = "The body is over the size limit",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface TooLarge {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "415", description = "A flow must be sent as application/json or application/yaml",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface UnsupportedMediaType {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "422", description = "Idempotency-Key reused with a different request (body or query)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface Unprocessable {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "429", description = "Over the rate limit; Retry-After says when to try again",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface TooManyRequests {
    }

    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "503", description = "Not available now; retry (Retry-After when known)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    public @interface Unavailable {
    }
}
