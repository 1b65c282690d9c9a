package io.flows.engine.api;

import io.flows.engine.FlowsConfig;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Lets requests with large bodies in only while their bodies fit in a share of the heap ({@link BodyBudget}):
 * a sixteenth of the maximum heap, at least one request of the largest size allowed. Small bodies (the usual
 * start of an execution: up to 64 KB, or a sixteenth of the largest body allowed if that is less) pass untouched. A large request waits up to 30 s for its turn, then gets 503 with
 * {@code Retry-After}. Runs after authentication, so a client without a valid token cannot hold the budget.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Order(100)
class LargeBodyFilter {

    private static final long MAX_WAIT_MILLIS = 30_000;

    private final BodyBudget budget;
    private final long unknownLength;
    /** Bodies up to this size are not counted: many of them at once still take little memory. */
    private final long small;

    LargeBodyFilter(FlowsConfig config) {
        this.unknownLength = config.getMaxRequestBytes();
        this.small = Math.min(64 * 1024, unknownLength / 16);
        this.budget = new BodyBudget(Math.max(unknownLength, Runtime.getRuntime().maxMemory() / 16));
    }

    BodyBudget budget() {
        return budget;
    }

    @RequestFilter
    Publisher<MutableHttpResponse<?>> admit(HttpRequest<?> request,
                                            FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        long declared = request.getContentLength();
        long bytes = declared >= 0 ? declared
                // a chunked body of unknown length may be as large as allowed
                : request.getHeaders().contains(HttpHeaders.TRANSFER_ENCODING) ? unknownLength : 0;
        if (bytes <= small) {
            return next.proceed();
        }
        // usingWhen releases what was granted however the exchange ends (answer, error, client gone); a request
        // that gives up while waiting cancels its place in the queue
        Mono<Long> granted = Mono.fromFuture(() -> budget.acquire(bytes, MAX_WAIT_MILLIS)).thenReturn(bytes)
                .onErrorMap(TimeoutException.class, e -> new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                        "too many large request bodies are being processed at once; try again shortly", null,
                        Map.of("Retry-After", "5")));
        return Mono.usingWhen(granted, b -> Mono.from(next.proceed()), this::release, (b, error) -> release(b),
                this::release);
    }

    private Mono<Void> release(long bytes) {
        return Mono.fromRunnable(() -> budget.release(bytes));
    }
}
