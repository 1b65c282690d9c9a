package io.flows.steps.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.model.DurationText;
import io.flows.steps.StepFailure;
import java.lang.ref.Cleaner;
import java.time.Duration;
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
    private final AnswerHolder holder;
    private volatile ScheduledFuture<?> deadline;
    private volatile OutboundRequest request;
    private volatile TargetUrl url;
    private volatile int hops;
    /** The current hop's answer and its share of the node's response memory. */
    private volatile BoundedResponseConsumer consumer;
    private volatile ResponseMemory.Charge charge;
    /** Set while the answer, read, waits for room to be parsed. */
    private volatile boolean waitingToParse;
    private volatile long parseWaitStart;
    private volatile long parseWaitedNanos;

    /** Answers whose estimate is at most this never wait for room (they are counted): calls that fetch a token or a
     * small record go on while large answers fill the memory. */
    static final long SMALL_ANSWER_COST = 64 * 1024;
    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "flows-http-answers");
        thread.setDaemon(true);
        return thread;
    });

    CallRun(Transport transport, long timeoutNanos, AnswerHolder holder) {
        this.transport = transport;
        this.deadlineNanos = startNanos + timeoutNanos;
        this.timeoutMs = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        this.holder = holder;
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
            releaseCharge();
        }
    }

    private void releaseCharge() {
        ResponseMemory.Charge current = charge;
        if (current != null) {
            current.release();
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
        ResponseMemory.Charge hopCharge = transport.memory().open(holder == null ? this : holder.owner());
        BoundedResponseConsumer hopConsumer = new BoundedResponseConsumer(transport.settings().maxResponseBytes(),
                hopCharge);
        charge = hopCharge;
        consumer = hopConsumer;
        if (settled.get()) {
            hopCharge.release();
            return;
        }
        Future<?> future = transport.client().execute(SimpleRequestProducer.create(http), hopConsumer, null,
                new Hop(target));
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
            String unfollowed = location == null ? null : unfollowed(current, raw.status(), maxRedirects);
            ResponseMemory.Charge answerCharge = charge;
            if (raw.body().length <= BoundedResponseConsumer.FIRST_STRETCH && raw.contentEncoding() == null) {
                decode(raw, unfollowed, answerCharge);
            } else {
                // a large answer is decoded and parsed on a worker, not the client's I/O thread (10 MB take a second)
                onWorker(() -> decode(raw, unfollowed, answerCharge));
            }
            return;
        }
        charge.release(); // a redirect's body is not kept
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

    /**
     * Undoes the answer's content coding, then asks room for its parsed value (an answer that could never fit is
     * refused), then parses it once the room is granted.
     */
    private void decode(BoundedResponseConsumer.Raw raw, String unfollowed, ResponseMemory.Charge answerCharge) {
        if (settled.get()) {
            answerCharge.release();
            return;
        }
        byte[] body;
        try {
            body = ContentCodings.decode(raw.contentEncoding(), raw.body(), transport.settings().maxResponseBytes());
        } catch (StepFailure f) {
            failAnswered(f, raw.status());
            return;
        }
        long cost = AnswerCost.of(body, raw.contentType(), SMALL_ANSWER_COST);
        ResponseMemory memory = transport.memory();
        if (cost > memory.capacity()) {
            ObjectNode details = JsonNodeFactory.instance.objectNode().put("bytes", body.length)
                    .put("estimatedHeapBytes", cost).put("responseMemoryBytes", memory.capacity());
            failAnswered(new StepFailure(Failures.RESPONSE_TOO_LARGE, "Answer from " + url + ": its " + body.length
                    + " bytes would take about " + Failures.megabytes(cost) + " of heap once parsed, more than all the"
                    + " answers on this node may take together (flows.response-memory: "
                    + Failures.megabytes(memory.capacity()) + ")", details, false), raw.status());
            return;
        }
        CompletableFuture<Void> room = cost <= SMALL_ANSWER_COST ? null : answerCharge.grow(cost);
        if (room == null || room.isDone()) {
            if (room == null || !room.isCompletedExceptionally()) {
                answerCharge.settle(cost);
                parse(raw, body, unfollowed, answerCharge);
            }
            return;
        }
        parseWaitStart = System.nanoTime();
        waitingToParse = true;
        room.whenComplete((granted, cancelled) -> {
            if (cancelled == null) {
                onWorker(() -> {
                    waitingToParse = false;
                    parseWaitedNanos = System.nanoTime() - parseWaitStart;
                    answerCharge.settle(cost);
                    parse(raw, body, unfollowed, answerCharge);
                });
            }
        });
    }

    private void parse(BoundedResponseConsumer.Raw raw, byte[] body, String unfollowed, ResponseMemory.Charge answerCharge) {
        if (settled.get()) {
            answerCharge.release();
            return;
        }
        AnswerBodies.Decoded decoded;
        try {
            decoded = AnswerBodies.decode(body, raw.contentType());
        } catch (StepFailure f) {
            failAnswered(f, raw.status());
            return;
        }
        List<String> followed = new ArrayList<>();
        redirects.forEach(r -> followed.add(r.asText()));
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        HttpAnswer answer = new HttpAnswer(raw.status(), raw.headers(), decoded.body(), durationMs, followed, unfollowed,
                decoded.parseError(), decoded.base64() ? "base64" : null, url.toString());
        if (holder == null) {
            answerCharge.release(); // parsed: the caller keeps it no longer than it takes to read it
            succeed(answer);
            return;
        }
        // held until the execution ends, or sooner once nothing refers to the body any more
        holder.atEnd(answerCharge::release);
        if (decoded.body().isContainerNode() || decoded.body().isTextual() && !decoded.body().textValue().isEmpty()) {
            CLEANER.register(decoded.body(), answerCharge::release);
        }
        if (!succeed(answer)) {
            answerCharge.release();
        }
    }

    /** Fails the call on an answer that came (so it carries its status, for whoever only needs that: notifications). */
    private void failAnswered(StepFailure f, int status) {
        ObjectNode details = details();
        details.put("status", status);
        if (f.details() instanceof ObjectNode own) {
            own.fields().forEachRemaining(e -> details.set(e.getKey(), e.getValue()));
        }
        fail(new StepFailure(f.code(), f.getMessage(), details, false));
    }

    private void onWorker(Runnable work) {
        try {
            transport.completionExecutor().execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    // a call must end whatever happens to its answer: a failure no one hears of leaves a step waiting
                    fail(new StepFailure("INTERNAL_ERROR", "Reading the answer from " + url + " failed: " + e,
                            details(), false));
                }
            });
        } catch (RejectedExecutionException closed) {
            cancel();
        }
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
        fail(waitedForMemory() ? memoryFull() : timedOut());
    }

    /** The timeout, saying how much of it went on waiting for room in the node's response memory, if any did. */
    private StepFailure timedOut() {
        StepFailure timeout = Failures.timeout(timeoutMs, details());
        BoundedResponseConsumer current = consumer;
        long waitedMs = TimeUnit.NANOSECONDS.toMillis((current == null ? 0 : current.waitedNanos()) + parseWaitedNanos);
        if (waitedMs == 0) {
            return timeout;
        }
        ((ObjectNode) timeout.details()).put("waitedForMemoryMs", waitedMs);
        return new StepFailure(timeout.code(), timeout.getMessage() + " (" + DurationText.format(Duration.ofMillis(
                waitedMs)) + " of it waiting for room in this node's memory for answers, flows.response-memory)",
                timeout.details(), true);
    }

    /** Whether the call's time ran out while its answer waited for room in the node's response memory. */
    private boolean waitedForMemory() {
        BoundedResponseConsumer current = consumer;
        return waitingToParse || current != null && current.waitingForMemory();
    }

    private StepFailure memoryFull() {
        ResponseMemory memory = transport.memory();
        ObjectNode details = details().put("timeoutMs", timeoutMs).put("responseMemoryBytes", memory.capacity())
                .put("inUseBytes", memory.inUse());
        BoundedResponseConsumer current = consumer;
        if (current != null) {
            details.put("receivedBytes", current.received());
        }
        return new StepFailure(Failures.RESPONSE_MEMORY_FULL, "The answer from " + url + " found no room in this"
                + " node's memory for answers within " + DurationText.format(Duration.ofMillis(timeoutMs))
                + " (flows.response-memory: " + Failures.megabytes(memory.capacity()) + ", "
                + Failures.megabytes(memory.inUse()) + " in use): other executions hold large answers", details, true);
    }

    private ObjectNode details() {
        OutboundRequest current = request;
        ObjectNode details = Failures.details(current == null ? null : current.method(), url);
        if (!redirects.isEmpty()) {
            details.set("redirects", redirects.deepCopy());
        }
        return details;
    }

    private boolean succeed(HttpAnswer answer) {
        if (settle()) {
            deliver(() -> result.complete(answer));
            return true;
        }
        return false;
    }

    private void fail(StepFailure failure) {
        if (settle()) {
            Future<?> future = inFlight.get();
            if (future != null) {
                future.cancel(true);
            }
            releaseCharge();
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
            StepFailure failure = Failures.fromException(e, target, timeoutMs, deadlinePassed(), details());
            boolean timedOut = Failures.STEP_TIMEOUT.equals(failure.code());
            fail(timedOut && waitedForMemory() ? memoryFull() : timedOut ? timedOut() : failure);
        }

        @Override
        public void cancelled() {
            cancel();
        }
    }
}
