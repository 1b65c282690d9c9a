package io.flows.engine.auth;

import io.flows.engine.api.ApiProblem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterContinuation;
import io.micronaut.http.server.HttpServerConfiguration;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Bearer-token authentication of the API and the metrics ({@code /prometheus}, and Micronaut's
 * {@code /metrics}), once it is on ({@link TokenService#authOn()}). {@code /hooks/**} (signatures),
 * {@code /health}, the editor's files and the sandbox partner stay open; Micronaut itself refuses its
 * sensitive management endpoints ({@code /beans}, {@code /threaddump}...) to everyone.
 */
@ServerFilter({RouteScopes.API, RouteScopes.PROMETHEUS, RouteScopes.PROMETHEUS_BELOW, RouteScopes.METRICS, RouteScopes.METRICS_BELOW})
class AuthFilter {

    private static final String BEARER = "Bearer ";

    private final TokenService tokens;
    private final FailureThrottle throttle;
    private final HttpClientAddressResolver addresses;
    private final boolean trustAddressHeader;
    private final Scheduler blocking;

    AuthFilter(TokenService tokens, FailureThrottle throttle, HttpClientAddressResolver addresses, HttpServerConfiguration server,
               @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.addresses = addresses;
        this.trustAddressHeader = server.getClientAddressHeader() != null;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    /**
     * Continues at once, on the event loop, while no token exists (as seen less than a second ago): a start
     * of an execution then never waits for a thread of the blocking pool. Anything that may read the
     * database (a token to check, the periodic look for a first token) runs on the blocking pool.
     */
    @RequestFilter
    Publisher<MutableHttpResponse<?>> authenticate(HttpRequest<?> request,
                                                   FilterContinuation<Publisher<MutableHttpResponse<?>>> next) {
        if (tokens.knownOff()) {
            return next.proceed();
        }
        return Mono.fromRunnable(() -> check(request)).subscribeOn(blocking)
                .then(Mono.defer(() -> Mono.from(next.proceed())));
    }

    private void check(HttpRequest<?> request) {
        if (!tokens.authOn()) {
            return;
        }
        String client = client(request);
        long wait = throttle.retryAfter(client);
        if (wait > 0) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS,
                    "too many rejected API tokens from " + client + "; try again in " + wait + " s",
                    null, Map.of("Retry-After", String.valueOf(wait)));
        }
        String token = bearer(request.getHeaders().getAuthorization().orElse(null));
        Scope needed = RouteScopes.required(request.getMethodName(), request.getPath());
        TokenService.Verdict verdict = tokens.check(token, needed);
        if (verdict instanceof TokenService.Verdict.Unauthenticated u) {
            if (token != null) {
                throttle.failed(client);
            }
            throw new ApiProblem(HttpStatus.UNAUTHORIZED, u.detail(), null,
                    Map.of("WWW-Authenticate", token == null ? "Bearer realm=\"flows\""
                            : "Bearer realm=\"flows\", error=\"invalid_token\""));
        }
        if (verdict instanceof TokenService.Verdict.Forbidden f) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, f.detail(), null,
                    Map.of("WWW-Authenticate", "Bearer realm=\"flows\", error=\"insufficient_scope\", scope=\"" + needed.text() + "\""));
        }
    }

    /**
     * The address failures are counted for: the connection's, unless the operator named a header
     * ({@code micronaut.server.client-address-header}) set by their proxy. Micronaut's resolver would
     * otherwise believe any client's own Forwarded / X-Forwarded-For header, and a guesser could
     * escape the slow-down by sending a new one each time.
     */
    private String client(HttpRequest<?> request) {
        if (trustAddressHeader) {
            return String.valueOf(addresses.resolve(request));
        }
        return request.getRemoteAddress().getAddress() == null ? request.getRemoteAddress().getHostString()
                : request.getRemoteAddress().getAddress().getHostAddress();
    }

    private static @Nullable String bearer(@Nullable String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }
}
