package io.flows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W2 of {@code bench/http.sh}: starts {@code --count} executions of a flow over HTTP without waiting (each must
 * be answered 202), with at most {@code --connections} requests in flight, while sampling the service's
 * {@code /proc/<pid>/status} (Threads, VmRSS, VmHWM) every 20 ms. Then polls the API until no execution of the
 * flow is QUEUED or RUNNING and reads every execution back: how many SUCCEEDED and when the last one finished
 * ({@code finishedAt}, the service's clock, same machine) relative to the first request. Prints
 * {@code key=value} lines.
 */
public final class AsyncBurst {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String base = a.get("url");
        String flow = a.get("flow");
        int count = Integer.parseInt(a.getOrDefault("count", "10000"));
        int connections = Integer.parseInt(a.getOrDefault("connections", "64"));
        long pid = Long.parseLong(a.get("pid"));
        int waitSeconds = Integer.parseInt(a.getOrDefault("max-wait", "90"));

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Sampler sampler = new Sampler(Path.of("/proc/" + pid + "/status"));
        Thread st = new Thread(sampler, "bench-sampler");
        st.setDaemon(true);
        st.start();
        Thread.sleep(100);
        long threadsBefore = sampler.threads.get();

        byte[] body = "{\"orderId\":\"W2\",\"customer\":\"acme gmbh\",\"items\":[{\"sku\":\"X-1\",\"qty\":2,\"price\":19.5}]}"
                .getBytes();
        URI start = URI.create(base + "/api/flows/" + flow + "/executions");
        Semaphore inFlight = new Semaphore(connections);
        CountDownLatch answered = new CountDownLatch(count);
        ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicLong maxStartMs = new AtomicLong();
        long firstRequestWall = System.currentTimeMillis();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            HttpRequest r = HttpRequest.newBuilder(start).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long sent = System.nanoTime();
            client.sendAsync(r, HttpResponse.BodyHandlers.ofString()).whenComplete((resp, failure) -> {
                inFlight.release();
                int status = failure != null ? -1 : resp.statusCode();
                statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                maxStartMs.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
                if (status == 202) {
                    try {
                        ids.add(JSON.readTree(resp.body()).path("id").asText());
                    } catch (IOException e) {
                        statuses.computeIfAbsent(-2, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
                answered.countDown();
            });
        }
        answered.await();
        long allStartedMs = (System.nanoTime() - t0) / 1_000_000;

        // poll until nothing of the flow is queued or running
        long doneSeenMs = -1;
        long deadline = t0 + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (empty(client, base, flow, "QUEUED") && empty(client, base, flow, "RUNNING")) {
                doneSeenMs = (System.nanoTime() - t0) / 1_000_000;
                break;
            }
            Thread.sleep(100);
        }
        long threadsPeak = sampler.maxThreads.get();
        long hwmKb = sampler.hwmKb.get();
        long rssKb = sampler.rssKb.get();
        sampler.stop = true;

        // read every execution back
        Map<String, AtomicInteger> outcome = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        AtomicLong lastFinish = new AtomicLong();
        AtomicLong firstFinish = new AtomicLong(Long.MAX_VALUE);
        List<String> all = new ArrayList<>(ids);
        Semaphore reads = new Semaphore(16);
        CountDownLatch read = new CountDownLatch(all.size());
        for (String id : all) {
            reads.acquire();
            client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/executions/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((resp, failure) -> {
                reads.release();
                try {
                    JsonNode e = JSON.readTree(resp.body());
                    outcome.computeIfAbsent(e.path("status").asText("?"), k -> new AtomicInteger()).incrementAndGet();
                    if (e.hasNonNull("error")) {
                        String why = e.get("error").path("code").asText("?") + ": "
                                + e.get("error").path("message").asText("").replaceAll("[0-9a-f-]{36}", "<id>");
                        errors.computeIfAbsent(why.length() > 160 ? why.substring(0, 160) : why,
                                k -> new AtomicInteger()).incrementAndGet();
                    }
                    if (e.hasNonNull("finishedAt")) {
                        long f = Instant.parse(e.get("finishedAt").asText()).toEpochMilli();
                        lastFinish.accumulateAndGet(f, Math::max);
                        firstFinish.accumulateAndGet(f, Math::min);
                    }
                } catch (Exception ex) {
                    outcome.computeIfAbsent("unreadable", k -> new AtomicInteger()).incrementAndGet();
                } finally {
                    read.countDown();
                }
            });
        }
        read.await();
        System.out.println("count=" + count);
        System.out.println("connections=" + connections);
        System.out.println("answers=" + new TreeMap<>(statuses));
        System.out.println("all_started_ms=" + allStartedMs);
        System.out.println("slowest_start_ms=" + maxStartMs.get());
        System.out.println("none_queued_or_running_seen_ms=" + doneSeenMs);
        System.out.println("outcomes=" + new TreeMap<>(outcome));
        System.out.println("errors=" + new TreeMap<>(errors));
        System.out.println("succeeded=" + outcome.getOrDefault("SUCCEEDED", new AtomicInteger()).get());
        System.out.println("first_finish_ms=" + (firstFinish.get() == Long.MAX_VALUE ? -1 : firstFinish.get() - firstRequestWall));
        System.out.println("last_finish_ms=" + (lastFinish.get() == 0 ? -1 : lastFinish.get() - firstRequestWall));
        System.out.println("threads_before=" + threadsBefore);
        System.out.println("threads_peak=" + threadsPeak);
        System.out.println("vmhwm_mb=" + hwmKb / 1024);
        System.out.println("vmrss_end_mb=" + rssKb / 1024);
    }

    private static boolean empty(HttpClient client, String base, String flow, String status) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create(base + "/api/flows/" + flow + "/executions?limit=1&status=" + status)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && r.body().trim().equals("[]");
    }

    /** Samples Threads, VmRSS and VmHWM of a process every 20 ms. */
    static final class Sampler implements Runnable {
        final Path status;
        final AtomicLong threads = new AtomicLong();
        final AtomicLong maxThreads = new AtomicLong();
        final AtomicLong hwmKb = new AtomicLong();
        final AtomicLong rssKb = new AtomicLong();
        volatile boolean stop;

        Sampler(Path status) {
            this.status = status;
        }

        @Override
        public void run() {
            while (!stop) {
                try {
                    for (String line : Files.readAllLines(status)) {
                        if (line.startsWith("Threads:")) {
                            long t = Long.parseLong(line.substring(8).trim());
                            threads.set(t);
                            maxThreads.accumulateAndGet(t, Math::max);
                        } else if (line.startsWith("VmHWM:")) {
                            hwmKb.set(Long.parseLong(line.substring(6).replace("kB", "").trim()));
                        } else if (line.startsWith("VmRSS:")) {
                            rssKb.set(Long.parseLong(line.substring(6).replace("kB", "").trim()));
                        }
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        }
    }
}
