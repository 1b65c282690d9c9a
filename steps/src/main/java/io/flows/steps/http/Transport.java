package io.flows.steps.http;

import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;

/** What every call of one connector shares: the client, the guarded resolver, its threads, its calls in flight. */
record Transport(
        CloseableHttpAsyncClient client,
        GuardedDnsResolver resolver,
        Executor dnsExecutor,
        ScheduledExecutorService timer,
        Executor completionExecutor,
        HttpSettings settings,
        ResponseMemory memory,
        Set<CallRun> active) {
}
