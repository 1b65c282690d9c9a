package io.flows.engine.api;

import io.flows.dsl.validate.Problem;
import io.micronaut.http.HttpStatus;
import java.util.List;
import java.util.Map;

/**
 * An answer that is an RFC 9457 problem: thrown anywhere in the service, turned into
 * {@code application/problem+json} in one place ({@link ProblemHandler}). Its title is its status's phrase
 * ({@link ProblemJson}); what went wrong is said by the detail.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final transient List<Problem> errors;
    private final transient List<Problem> warnings;
    private final transient Map<String, String> headers;

    public ApiProblem(HttpStatus status, String detail, List<Problem> errors, Map<String, String> headers) {
        this(status, detail, errors, List.of(), headers);
    }

    private ApiProblem(HttpStatus status, String detail, List<Problem> errors, List<Problem> warnings,
                       Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiProblem(HttpStatus status, String detail) {
        this(status, detail, List.of(), Map.of());
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail);
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail);
    }

    /** A flow that cannot be saved: its problems, and its warnings too, as validate would answer them. */
    public static ApiProblem invalidFlow(List<Problem> errors, List<Problem> warnings) {
        return new ApiProblem(HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? "The flow has a problem: " + errors.get(0) : "The flow has " + errors.size() + " problems",
                errors, warnings, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public List<Problem> errors() {
        return errors;
    }

    public List<Problem> warnings() {
        return warnings;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
