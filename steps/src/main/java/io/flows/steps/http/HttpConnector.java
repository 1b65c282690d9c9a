package io.flows.steps.http;

import io.flows.steps.StepFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound HTTP client of the {@code connector-call} step: pooled keep-alive connections on
 * Apache HttpClient 5 async, with every host checked against the operator's policy by a guarded
 * resolver (resolve once, check every address, connect only to checked addresses), redirects
 * followed hop by hop through the same check, bounded answers and an overall deadline per call.
 */
public final class HttpConnector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpConnector.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpSettings settings;
    private final ResponseMemory memory;
    private final HostPolicy policy;
    private final CloseableHttpAsyncClient client;
    private final Transport transport;
    private final ExecutorService dnsExecutor;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService ownCompletionExecutor;
    private volatile boolean closed;

    public HttpConnector(HttpSettings settings) {
        this(settings, null);
    }

    public HttpConnector(HttpSettings settings, Executor completionExecutor) {
        this(settings, completionExecutor, null);
    }

    /**
     * A connector whose futures complete on {@code completionExecutor} (by default a small pool of
     * its own); they never complete on the client's I/O threads. Its answers take room in {@code memory}
     * (by default a memory of its own, a quarter of the maximum heap), which other connectors of the node may share.
     */
    public HttpConnector(HttpSettings settings, Executor completionExecutor, ResponseMemory memory) {
        this.settings = settings == null ? HttpSettings.defaults() : settings;
        this.memory = memory == null ? ResponseMemory.ofHeap() : memory;
        this.policy = new HostPolicy(this.settings);
        GuardedDnsResolver resolver = new GuardedDnsResolver(policy);
        Timeout connectTimeout = Timeout.of(this.settings.connectTimeout());
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setMaxConnTotal(this.settings.maxConnections())
                .setMaxConnPerRoute(this.settings.maxConnections())
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connectTimeout)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setHandshakeTimeout(connectTimeout)
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .build())
                .build();
        // No proxy (system properties are not read): a proxy would resolve hosts itself, past the guard.
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                // said here (they are the client's defaults) so that a failure can name them
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(Failures.MAX_HEAD_LINE_BYTES)
                        .setMaxHeaderCount(Failures.MAX_HEADERS)
                        .setInitialWindowSize(BoundedResponseConsumer.FIRST_STRETCH)
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .setRetryStrategy(new StaleConnectionRetry())
                .setUserAgent("Flows")
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setThreadFactory(daemon("flows-http-io"))
                .setIoReactorExceptionCallback(this::reactorFailed)
                .build();
        this.dnsExecutor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("flows-http-dns"));
        ((ThreadPoolExecutor) dnsExecutor).allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("flows-http-deadline"));
        timer.setRemoveOnCancelPolicy(true);
        int callbackThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.ownCompletionExecutor = completionExecutor != null ? null : new ThreadPoolExecutor(callbackThreads,
                callbackThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("flows-http-callback"));
        Set<CallRun> active = ConcurrentHashMap.newKeySet();
        this.transport = new Transport(client, resolver, dnsExecutor, timer,
                completionExecutor != null ? completionExecutor : ownCompletionExecutor, this.settings, this.memory,
                active);
        client.start();
    }

    /**
     * Sends a call. Non-blocking: no thread waits for the partner. Completes with an answer for any
     * status (the caller decides about non-2xx), or exceptionally with a {@link StepFailure}.
     *
     * @param timeout the deadline of the whole call, redirects included; null means 30 s
     */
    public CompletableFuture<HttpAnswer> send(HttpCall call, Duration timeout) {
        return send(call, timeout, null);
    }

    /**
     * Like {@link #send(HttpCall, Duration)}, for an answer {@code holder} keeps: its room in the node's response
     * memory stays taken until the holder lets it go ({@link AnswerHolder#atEnd}), or nothing refers to it any more.
     */
    public CompletableFuture<HttpAnswer> send(HttpCall call, Duration timeout, AnswerHolder holder) {
        Duration deadline = timeout == null ? DEFAULT_TIMEOUT : timeout;
        TargetUrl url = null;
        try {
            if (call == null) {
                throw new IllegalArgumentException("Call is missing");
            }
            if (deadline.isNegative() || deadline.isZero()) {
                throw new IllegalArgumentException("Timeout must be positive, was " + deadline);
            }
            url = TargetUrl.parse(call.url()).withQuery(call.query());
            OutboundRequest request = OutboundRequest.of(call, settings.maxResponseBytes(), AnswerBodies.MAPPER);
            if (closed) {
                return CompletableFuture.failedFuture(new StepFailure(Failures.CANCELLED,
                        "HTTP connector is closed", Failures.details(request.method(), url), false));
            }
            CallRun run = new CallRun(transport, deadline.toNanos(), holder);
            transport.active().add(run);
            return run.start(url, request);
        } catch (IllegalArgumentException e) {
            var details = Failures.details(call == null ? null : call.method(), url);
            if (url == null && call != null && call.url() != null) {
                details.put("url", call.url());
            }
            return CompletableFuture.failedFuture(Failures.badRequest(e.getMessage(), details));
        }
    }

    /**
     * Why this connector would refuse to call {@code url}, as far as that can be told without a lookup: the URL does
     * not parse, its host is a name or an address the host policy denies (a metadata name, an address in another
     * spelling such as {@code 0xA9FEA9FE}, a denied literal address, a name on the deny list). Null when it may be
     * called; a name is still checked, by every address it resolves to, on each call. For refusing a URL when it is
     * configured rather than when it is called.
     */
    public String hostRefusal(String url) {
        TargetUrl target;
        try {
            target = TargetUrl.parse(url);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String host = HostNames.normalize(target.host());
        try {
            policy.checkName(host);
            InetAddress literal = HostNames.literal(host);
            if (literal != null) {
                policy.checkAddresses(host, new InetAddress[] {literal});
            }
            return null;
        } catch (DeniedHostException e) {
            return e.getMessage();
        } catch (UnknownHostException notALiteral) {
            return null;
        }
    }

    /** The node's memory for answers this connector's answers take room in. */
    public ResponseMemory memory() {
        return memory;
    }

    /** Closes the pool; calls still in flight fail with {@code CANCELLED}. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(transport.active()).forEach(CallRun::cancel);
        client.close(CloseMode.GRACEFUL);
        dnsExecutor.shutdownNow();
        timer.shutdownNow();
        if (ownCompletionExecutor != null) {
            ownCompletionExecutor.shutdown();
        }
    }

    private void reactorFailed(Exception e) {
        if (closed) {
            LOG.debug("I/O reactor failure while closing", e);
        } else {
            LOG.warn("HTTP connector I/O reactor failure", e);
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Retries once, at once, a request that a pooled keep-alive connection lost before the partner
     * answered at all (no status line: one cut off mid-answer is the step's retry policy's to send again) (the partner closed or reset it just as the request went out): any request that was
     * never sent, and otherwise idempotent requests — by method, or a POST/PATCH that carries an
     * {@code Idempotency-Key} (or {@code X-Idempotency-Key}) header, which asks the partner to
     * deduplicate it (Go's HTTP client draws the same line). Refused connections, TLS failures,
     * timeouts and status codes are never retried here: the step's retry policy decides about those.
     */
    private static final class StaleConnectionRetry implements HttpRequestRetryStrategy {
        private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

        private static boolean idempotent(HttpRequest request) {
            return IDEMPOTENT.contains(request.getMethod())
                    || request.containsHeader("Idempotency-Key")
                    || request.containsHeader("X-Idempotency-Key");
        }

        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            // the partner began to answer: the request reached it, and whether to send it again is for the step's retry
            // policy to say (each attempt in the trace is one request)
            if (execCount > 1 || HttpClientContext.castOrCreate(context).getResponse() != null) {
                return false;
            }
            if (exception instanceof RequestNotExecutedException) {
                return true;
            }
            boolean lostConnection = exception instanceof ConnectionClosedException
                    || (exception instanceof SocketException && !(exception instanceof ConnectException)
                            && !(exception instanceof NoRouteToHostException));
            return lostConnection && idempotent(request);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }
}
