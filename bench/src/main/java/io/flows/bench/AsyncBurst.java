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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W2 of {@code bench/http.sh}: starts {@code --count} executions of a flow over HTTP without waiting (each must
 * be answered 202), with {@code --connections} requests in flight, sent by wrk ({@code bench/http/burst.lua}),
 * while sampling the service's {@code /proc/<pid>/status} (Threads, VmRSS, VmHWM) every 20 ms. Then polls the API until no execution of the
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

        // the starts are sent by wrk (C, two threads): a client JVM of our own would take a core from the
        // service on this 2-core machine and start cold with it
        Path answers = Files.createTempDirectory("flows-burst");
        int wrkThreads = 2;
        long firstRequestWall = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Process wrk = new ProcessBuilder("wrk", "-t" + wrkThreads, "-c" + connections, "-d" + waitSeconds + "s",
                "--timeout", "30s", "-s", a.getOrDefault("script", "bench/http/burst.lua"),
                base + "/api/flows/" + flow + "/executions", "--", String.valueOf(count), String.valueOf(wrkThreads),
                answers.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long allStartedMs = awaitAnswers(wrk, answers, wrkThreads, count, t0);
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        int answered = 0;
        for (int t = 0; t < wrkThreads; t++) {
            Path f = answers.resolve("answers-" + t + ".txt");
            for (String line : Files.exists(f) ? Files.readAllLines(f) : List.<String>of()) {
                String[] parts = line.split(" ");
                statuses.computeIfAbsent(Integer.parseInt(parts[0]), k -> new AtomicInteger()).incrementAndGet();
                if (parts[0].equals("202") && !parts[1].equals("-")) {
                    ids.add(parts[1]);
                }
                answered++;
            }
        }
        if (answered < count) {
            statuses.computeIfAbsent(-1, k -> new AtomicInteger()).addAndGet(count - answered);
        }

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

    /**
     * Counts the answer lines wrk writes until all {@code count} are there (or wrk ends, or none came for
     * 10 s: a start lost to a socket error is never answered) and returns the ms from t0 to the last one.
     */
    private static long awaitAnswers(Process wrk, Path dir, int threads, int count, long t0) throws Exception {
        long lastChange = System.nanoTime();
        long lastAnswerMs = 0;
        int seen = -1;
        while (true) {
            int lines = 0;
            for (int t = 0; t < threads; t++) {
                Path f = dir.resolve("answers-" + t + ".txt");
                if (Files.exists(f)) {
                    lines += (int) Files.readAllLines(f).size();
                }
            }
            if (lines != seen) {
                seen = lines;
                lastChange = System.nanoTime();
                lastAnswerMs = (lastChange - t0) / 1_000_000;
            }
            if (lines >= count || !wrk.isAlive() || System.nanoTime() - lastChange > 10_000_000_000L) {
                wrk.destroy();
                wrk.waitFor();
                return lastAnswerMs;
            }
            Thread.sleep(10);
        }
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
