package io.flows.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.store.DatabaseUnreachable;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.NotAcceptableException;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer is {@code application/problem+json}: our own {@link ApiProblem}s, and the
 * framework's (unknown route, body too large, request line or headers too long, unsupported media type, unreadable
 * body). A failure no handler took (a 500) is logged here, as the framework's router would at ERROR with its stack
 * trace, except a database outage (logback.xml silences the router's own line).
 */
@Singleton
@Produces
@Replaces(ErrorResponseProcessor.class)
public class ProblemHandler implements ExceptionHandler<ApiProblem, HttpResponse<?>>, ErrorResponseProcessor<ObjectNode> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    /** An integer as written, of any size. */
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");

    private final int maxRequestLine;
    private final int maxHeaders;

    ProblemHandler(NettyHttpServerConfiguration server) {
        this.maxRequestLine = server.getMaxInitialLineLength();
        this.maxHeaders = server.getMaxHeaderSize();
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiProblem problem) {
        MutableHttpResponse<ObjectNode> response = HttpResponse.<ObjectNode>status(problem.status())
                .contentType(ProblemJson.PROBLEM)
                .body(ProblemJson.body(problem.status(), problem.getMessage(), problem.errors(), problem.warnings()));
        problem.headers().forEach(response::header);
        return response;
    }

    @Override
    public MutableHttpResponse<ObjectNode> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.status();
        Throwable refused = DecoderRefusal.of(context.getRequest()).orElse(null);
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            // the framework answers each of the decoder's length limits with 413
            if (refused instanceof TooLongHttpLineException) {
                return problem(response.status(HttpStatus.REQUEST_URI_TOO_LONG), "the request line (method, path and "
                        + "query) is longer than " + maxRequestLine + " bytes, the most this service reads");
            }
            if (refused instanceof TooLongHttpHeaderException) {
                return problem(response.status(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE), "the request's header "
                        + "fields are larger than " + maxHeaders + " bytes together, the most this service reads");
            }
        }
        if (status == HttpStatus.BAD_REQUEST && refused != null) {
            return problem(response, "the request line or header fields are not valid HTTP/1.1: "
                    + DecoderRefusal.reason(refused));
        }
        String detail = context.getErrors().isEmpty()
                ? status.getReason()
                : context.getErrors().get(0).getMessage();
        if (context.getRootCause().orElse(null) instanceof ConversionErrorException e) {
            detail = conversionDetail(e);
        }
        if (context.getRootCause().orElse(null) instanceof NotAcceptableException e) {
            detail = notAcceptableDetail(context.getRequest(), e);
        }
        if (status == HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
            detail = "The request body is larger than this service accepts. " + detail;
        }
        if (status == HttpStatus.NOT_FOUND && context.getErrors().isEmpty() || "Page Not Found".equals(detail)) {
            // the router's miss: its own words ("Page Not Found") say neither what was asked nor where to look
            detail = "nothing is served at " + context.getRequest().getMethodName() + " " + context.getRequest().getPath()
                    + "; the endpoints are listed in GET /openapi/flows-0.1.yml (and docs/api.md)";
        }
        if (status.getCode() >= 500) {
            Throwable failure = context.getRootCause().orElse(null);
            HttpRequest<?> request = context.getRequest();
            if (DatabaseUnreachable.in(failure)) {
                // a passing outage, not a fault of the request: 503 tells clients that retrying is right, and the
                // log says it in a line per request, not a stack trace
                LOG.warn("{} {}: 503, the database cannot be reached: {}", request.getMethodName(), request.getPath(),
                        DatabaseUnreachable.reason(failure));
                return problem(response.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5"),
                        "the database cannot be reached at the moment; nothing was done, retry later");
            }
            if (failure instanceof RejectedExecutionException) {
                // the service is stopping and its executors take no more work: a passing state, not a fault
                LOG.info("{} {}: 503, the service is stopping", request.getMethodName(), request.getPath());
                return problem(response.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5"),
                        "the service is stopping; retry (another node, or this one after its restart)");
            }
            if (failure != null) {
                LOG.error("{} {} failed", request.getMethodName(), request.getPath(), failure);
            }
            detail = "Internal error; see the service log";
        }
        return problem(response, detail);
    }

    private static MutableHttpResponse<ObjectNode> problem(MutableHttpResponse<?> response, String detail) {
        return response.contentType(ProblemJson.PROBLEM).body(ProblemJson.body(response.status(), detail, null));
    }

    /**
     * Names the {@code Accept} header as sent: the framework's text named the list {@link AcceptNegotiation} wrote
     * in its place.
     */
    private static String notAcceptableDetail(HttpRequest<?> request, NotAcceptableException e) {
        String sent = AcceptNegotiation.sent(request).orElseGet(() -> String.join(", ", e.getAcceptedTypes()));
        return "this endpoint answers " + String.join(" or ", e.getProduceableContentTypes())
                + ", which the request's Accept header (" + sent + ") does not accept";
    }

    /** "'limit' must be an integer, not 'abc'" instead of the framework's text, which names its own internals. */
    private static String conversionDetail(ConversionErrorException e) {
        Class<?> type = e.getArgument().getType();
        String expected = type == int.class || type == Integer.class || type == long.class || type == Long.class
                ? "an integer"
                : type == boolean.class || type == Boolean.class ? "true or false"
                : type == double.class || type == Double.class ? "a number"
                : "a " + type.getSimpleName();
        Object value = e.getConversionError().getOriginalValue().orElse(null);
        if (!expected.equals("an integer") || value == null || !INTEGER.matcher(value.toString()).matches()) {
            return message(e, expected, value);
        }
        // an integer all the same, only too large for the parameter's type: say what range is taken
        if (e.getArgument().getName().equals("limit")) {
            return Listing.limitOutOfRange(value.toString());
        }
        boolean isLong = type == long.class || type == Long.class;
        return message(e, "an integer from " + (isLong ? Long.MIN_VALUE : Integer.MIN_VALUE) + " to "
                + (isLong ? Long.MAX_VALUE : Integer.MAX_VALUE), value);
    }

    private static String message(ConversionErrorException e, String expected, Object value) {
        return "'" + e.getArgument().getName() + "' must be " + expected + (value == null ? "" : ", not '" + value + "'");
    }
}
