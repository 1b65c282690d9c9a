package io.flows.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flows.engine.runtime.Execution;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowVersion;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts 10,000 executions that each wait in a 5 s {@code delay}, as fast as one thread can, and measures the
 * time from the first start to the last finish, the peak live thread count and the heap: peak used (sampled
 * every 10 ms, garbage included) and live (right after a full GC while every execution is waiting).
 */
public final class DelayBench {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int count = Integer.parseInt(a.getOrDefault("count", "10000"));
        Path flowFile = Path.of(a.getOrDefault("flow", "bench/flows/wait-5s.yaml"));
        Path warmFile = Path.of(a.getOrDefault("warmup-flow", "bench/flows/wait-10ms.yaml"));
        int warmupCount = Integer.parseInt(a.getOrDefault("warmup", "2000"));
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : null;

        try (FlowEngine engine = Bench.engine()) {
            FlowVersion wait = Bench.load(engine, flowFile);
            FlowVersion warm = Bench.load(engine, warmFile);
            engine.prepare(wait);
            runAll(engine, warm, warmupCount, null).await(60, TimeUnit.SECONDS);
            System.gc();
            Thread.sleep(300);
            long baseHeap = MEMORY.getHeapMemoryUsage().getUsed();
            int baseThreads = Bench.THREADS.getThreadCount();
            Map<String, Integer> baseGroups = Bench.threadsByGroup();
            long[] gc0 = Bench.gc();

            Sampler sampler = new Sampler();
            sampler.start();
            Bench.THREADS.resetPeakThreadCount();
            AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
            AtomicLong firstEnd = new AtomicLong(Long.MAX_VALUE);
            AtomicLong succeeded = new AtomicLong();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long t0 = System.nanoTime();
            CountDownLatch done = runAll(engine, wait, count, new Outcome(lastEnd, firstEnd, succeeded, firstFailure));
            long started = System.nanoTime();
            int runningAfterStart = engine.runningCount();

            // Probe the live heap while every execution waits (none is due before t0 + 5 s).
            long probeAt = t0 + TimeUnit.MILLISECONDS.toNanos(2500);
            long liveHeap = -1;
            int runningAtProbe = -1;
            Map<String, Integer> groupsAtProbe = Map.of();
            if (System.nanoTime() < probeAt) {
                TimeUnit.NANOSECONDS.sleep(probeAt - System.nanoTime());
                runningAtProbe = engine.runningCount();
                groupsAtProbe = Bench.threadsByGroup();
                System.gc();
                liveHeap = MEMORY.getHeapMemoryUsage().getUsed();
            }
            boolean finished = done.await(120, TimeUnit.SECONDS);
            sampler.stop();
            long[] gc1 = Bench.gc();

            double startMs = (started - t0) / 1e6;
            double firstFinishS = (firstEnd.get() - t0) / 1e9;
            double lastFinishS = (lastEnd.get() - t0) / 1e9;
            int peakThreads = Math.max(sampler.peakThreads, Bench.THREADS.getPeakThreadCount());
            StringBuilder md = new StringBuilder();
            md.append(String.format("%d executions of `%s` (warm-up: %d of `%s`). %s%n%n", count, flowFile,
                    warmupCount, warmFile, Bench.machine()));
            md.append("| figure | value | target |\n|---|---:|---|\n");
            md.append(String.format("| executions that succeeded | **%d of %d**%s | all |%n", succeeded.get(), count,
                    finished ? "" : " (some never finished within 120 s)"));
            md.append(String.format("| time to start all | %.0f ms (%.0f starts/s) | |%n", startMs,
                    count / (startMs / 1000)));
            md.append(String.format("| running right after the start loop | %d | |%n", runningAfterStart));
            md.append(String.format("| first start → first finish | %.2f s | ≥ 5 s |%n", firstFinishS));
            md.append(String.format("| first start → last finish (failed ones included) | %.2f s | < 7 s |%n",
                    lastFinishS));
            md.append(String.format("| peak live threads | %d (%d before the start) | < 200 |%n", peakThreads,
                    baseThreads));
            md.append(String.format("| peak heap used (sampled, garbage included) | %d MB | < 1 GB |%n",
                    sampler.peakHeap / (1024 * 1024)));
            if (liveHeap >= 0) {
                md.append(String.format("| live heap after GC with %d waiting | %d MB (%d MB before; ≈ %.1f KB per "
                                + "waiting execution) | < 1 GB |%n", runningAtProbe, liveHeap / (1024 * 1024),
                        baseHeap / (1024 * 1024), (liveHeap - baseHeap) / 1024.0 / Math.max(1, runningAtProbe)));
            }
            md.append(String.format("| GC during the run | %d collections, %d ms | |%n", gc1[0] - gc0[0],
                    gc1[1] - gc0[1]));
            md.append(String.format("%nThreads before the start: %s%n%nThreads while %d executions wait: %s%n",
                    baseGroups, runningAtProbe, groupsAtProbe));
            if (firstFailure.get() != null) {
                md.append("\nFirst failure: ").append(firstFailure.get()).append('\n');
            }
            String report = md.toString();
            System.out.println(report);
            if (out != null) {
                Files.writeString(out, report);
            }
        }
    }

    /** Where the end of each execution is recorded. */
    private record Outcome(AtomicLong lastEnd, AtomicLong firstEnd, AtomicLong succeeded,
                           AtomicReference<String> firstFailure) {
        void ended(ExecutionRecord r, Throwable error) {
            long now = System.nanoTime();
            lastEnd.accumulateAndGet(now, Math::max);
            firstEnd.accumulateAndGet(now, Math::min);
            if (error != null) {
                firstFailure.compareAndSet(null, String.valueOf(error));
            } else if (r.status() == ExecutionStatus.SUCCEEDED) {
                succeeded.incrementAndGet();
            } else {
                firstFailure.compareAndSet(null, r.status() + " " + r.error());
            }
        }
    }

    private static CountDownLatch runAll(FlowEngine engine, FlowVersion flow, int count, Outcome outcome) {
        CountDownLatch latch = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            var body = JsonNodeFactory.instance.objectNode().put("n", i);
            Execution e = engine.start(flow, FlowEngine.manualTrigger(body), Map.of());
            e.done().whenComplete((r, x) -> {
                if (outcome != null) {
                    outcome.ended(r, x);
                }
                latch.countDown();
            });
        }
        return latch;
    }

    /** Samples the live thread count and the used heap every 10 ms. */
    private static final class Sampler implements Runnable {
        private final Thread thread = new Thread(this, "bench-sampler");
        private volatile boolean stop;
        volatile int peakThreads;
        volatile long peakHeap;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join();
        }

        @Override
        public void run() {
            while (!stop) {
                peakThreads = Math.max(peakThreads, Bench.THREADS.getThreadCount());
                peakHeap = Math.max(peakHeap, MEMORY.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
