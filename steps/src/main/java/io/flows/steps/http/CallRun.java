package io.flows.steps.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.steps.StepFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.util.Timeout;

/**
 * One call through the connector: its hops (the first request and each redirect it follows), its
 * deadline, and the future the caller waits on. Each hop's host is checked by the guarded resolver
 * before the request is handed to the client, and again by the client's own connect path.
 */
final class CallRun {

    private final Transport transport;
    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final long timeoutMs;
    private final CompletableFuture<HttpAnswer> result = new CompletableFuture<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicReference<Future<?>> inFlight = new AtomicReference<>();
    private final ArrayNode redirects = JsonNodeFactory.instance.arrayNode();
    private volatile ScheduledFuture<?> deadline;
    private volatile OutboundRequest request;
    private volatile TargetUrl url;
    private volatile int hops;

    CallRun(Transport transport, long timeoutNanos) {
        this.transport = transport;
        this.deadlineNanos = startNanos + timeoutNanos;
        this.timeoutMs = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
    }

    CompletableFuture<HttpAnswer> start(TargetUrl first, OutboundRequest firstRequest) {
        url = first;
        request = firstRequest;
        // the caller gave up on the call (its step was stopped): the request in flight is aborted, and no further
        // hop (a redirect, a request still waiting for its host to be looked up) goes out
        result.whenComplete((answer, failure) -> {
            if (result.isCancelled()) {
                abandon();
            }
        });
        try {
            deadline = transport.timer().schedule(this::expire, deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            cancel();
            return result;
        }
        hop(first);
        return result;
    }

    private void abandon() {
        if (settle()) {
            Future<?> future = inFlight.get();
            if (future != null) {
                future.cancel(true);
            }
        }
    }

    /** Fails the call because the connector is closing. */
    void cancel() {
        fail(new StepFailure(Failures.CANCELLED, "Call to " + url + " was cancelled: the connector is closed",
                details(), false));
    }

    private void hop(TargetUrl target) {
        String host = target.host();
        Runnable checkThenSend = () -> {
            try {
                transport.resolver().resolve(host);
                send(target);
            } catch (Exception e) {
                fail(Failures.fromException(e, target, timeoutMs, deadlinePassed(), details()));
            }
        };
        boolean noLookup = transport.resolver().isResolved(host) || HostNames.isDottedQuad(host)
                || HostNames.isIpv6Literal(host) || HostNames.isNumericInDisguise(host);
        if (noLookup) {
            checkThenSend.run();
            return;
        }
        try {
            transport.dnsExecutor().execute(checkThenSend);
        } catch (RejectedExecutionException closed) {
            cancel();
        }
    }

    private void send(TargetUrl target) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (settled.get()) {
            return;
        }
        if (remainingMs <= 0) {
            expire();
            return;
        }
        Timeout remaining = Timeout.ofMilliseconds(remainingMs);
        OutboundRequest current = request;
        SimpleHttpRequest http = new SimpleHttpRequest(current.method(), target.httpHost(), target.pathAndQuery());
        current.headers().forEach(http::addHeader);
        if (current.body() != null) {
            http.setBody(current.body(), current.contentType());
        }
        http.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(remaining)
                .setResponseTimeout(remaining)
                .setRedirectsEnabled(false)
                .build());
        Future<?> future = transport.client().execute(SimpleRequestProducer.create(http),
                new BoundedResponseConsumer(transport.settings().maxResponseBytes()), null, new Hop(target));
        inFlight.set(future);
        if (settled.get()) {
            future.cancel(true);
        }
    }

    private void answered(TargetUrl target, BoundedResponseConsumer.Raw raw) {
        String location = raw.headers().get("location");
        OutboundRequest current = request;
        int maxRedirects = transport.settings().maxRedirects();
        if (location == null || !current.follows(raw.status()) || hops >= maxRedirects) {
            long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            AnswerBodies.Decoded body;
            try {
                body = AnswerBodies.decode(raw.body(), raw.contentType());
            } catch (StepFailure f) {
                ObjectNode details = details();
                // the partner did answer: whoever only needs the status (notifications) still has it
                details.put("status", raw.status());
                fail(new StepFailure(f.code(), f.getMessage(), details, false));
                return;
            }
            List<String> followed = new ArrayList<>();
            redirects.forEach(r -> followed.add(r.asText()));
            String unfollowed = location == null ? null : unfollowed(current, raw.status(), maxRedirects);
            succeed(new HttpAnswer(raw.status(), raw.headers(), body.body(), durationMs, followed, unfollowed,
                    body.parseError()));
            return;
        }
        TargetUrl next;
        try {
            next = target.resolve(location);
        } catch (TargetUrl.UnsupportedScheme e) {
            ObjectNode details = details();
            details.put("location", location);
            fail(new StepFailure(Failures.HOST_DENIED, "Redirect from " + target + " to '" + location
                    + "' is denied: only http and https are followed", details, false));
            return;
        } catch (IllegalArgumentException e) {
            ObjectNode details = details();
            details.put("location", location);
            fail(Failures.badRequest("Partner " + target + " redirected to an invalid location: " + e.getMessage(),
                    details));
            return;
        }
        hops++;
        redirects.add(next.toString());
        request = current.forRedirect(raw.status(), target.sameOrigin(next));
        url = next;
        hop(next);
    }

    /** Why a redirect answer ends the call: the flow sees a 3xx and should know it was not followed, and why. */
    private static String unfollowed(OutboundRequest request, int status, int maxRedirects) {
        if (!OutboundRequest.isRedirect(status)) {
            return null;
        }
        if (!request.follows(status)) {
            return "a " + status + " redirect is followed only for GET and HEAD (a 303 for any method, as a GET)";
        }
        return maxRedirects == 0 ? "redirects are not followed here"
                : "stopped after " + maxRedirects + " redirects, the most a call follows (a redirect loop?)";
    }

    private boolean deadlinePassed() {
        return System.nanoTime() - deadlineNanos > -TimeUnit.MILLISECONDS.toNanos(20);
    }

    private void expire() {
        fail(Failures.timeout(timeoutMs, details()));
    }

    private ObjectNode details() {
        OutboundRequest current = request;
        ObjectNode details = Failures.details(current == null ? null : current.method(), url);
        if (!redirects.isEmpty()) {
            details.set("redirects", redirects.deepCopy());
        }
        return details;
    }

    private void succeed(HttpAnswer answer) {
        if (settle()) {
            deliver(() -> result.complete(answer));
        }
    }

    private void fail(StepFailure failure) {
        if (settle()) {
            Future<?> future = inFlight.get();
            if (future != null) {
                future.cancel(true);
            }
            deliver(() -> result.completeExceptionally(failure));
        }
    }

    private boolean settle() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        ScheduledFuture<?> timer = deadline;
        if (timer != null) {
            timer.cancel(false);
        }
        transport.active().remove(this);
        return true;
    }

    /** Completes the caller's future off the I/O threads, so that its continuations cannot stall them. */
    private void deliver(Runnable completion) {
        try {
            transport.completionExecutor().execute(completion);
        } catch (RejectedExecutionException closed) {
            completion.run();
        }
    }

    private final class Hop implements FutureCallback<BoundedResponseConsumer.Raw> {
        private final TargetUrl target;

        Hop(TargetUrl target) {
            this.target = target;
        }

        @Override
        public void completed(BoundedResponseConsumer.Raw raw) {
            answered(target, raw);
        }

        @Override
        public void failed(Exception e) {
            fail(Failures.fromException(e, target, timeoutMs, deadlinePassed(), details()));
        }

        @Override
        public void cancelled() {
            cancel();
        }
    }
}
