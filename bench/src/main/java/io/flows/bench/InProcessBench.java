package io.flows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop throughput and latency of the order → ERP flow run in process: N virtual users, each starting
 * the next execution when its previous one ends, for a fixed time after a warm-up. Every concurrency level is
 * measured once per round and the rounds interleave the levels, so a noisy neighbour hits all of them alike.
 */
public final class InProcessBench {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final FlowEngine engine;
    private final FlowVersion flow;
    private final Map<String, JsonNode> vars;
    private final Erp erp;
    private final AtomicLong orders = new AtomicLong();

    private InProcessBench(FlowEngine engine, FlowVersion flow, Erp erp) {
        this.engine = engine;
        this.flow = flow;
        this.erp = erp;
        this.vars = Map.of("erpBase", TextNode.valueOf("http://127.0.0.1:" + erp.port() + "/erp"));
    }

    /** One measurement: a concurrency level over one window. */
    record Run(int users, double seconds, long executions, long failures, String firstFailure, long[] sortedNanos,
               long cpuNanos, long erpCpuNanos, long machineNanos, long gcCount, long gcMs,
               Map<String, Long> cpuByThreads) {
        /** Cores busy with other processes of the machine (neither this JVM nor the ERP stub) on average. */
        double otherCores() {
            return machineNanos < 0 ? -1 : (machineNanos - cpuNanos - Math.max(0, erpCpuNanos)) / 1e9 / seconds;
        }
        double perSecond() { return executions / seconds; }
        double p50Ms() { return Bench.quantile(sortedNanos, 0.50) / 1e6; }
        double p99Ms() { return Bench.quantile(sortedNanos, 0.99) / 1e6; }
        double maxMs() { return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6; }
        double cpuMsPerExecution() { return executions == 0 ? 0 : cpuNanos / 1e6 / executions; }
        double erpCpuMsPerExecution() { return executions == 0 || erpCpuNanos < 0 ? -1 : erpCpuNanos / 1e6 / executions; }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        Path flowFile = Path.of(a.getOrDefault("flow", "bench/flows/order-to-erp.yaml"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "40"));
        int duration = Integer.parseInt(a.getOrDefault("duration", "10"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
        int[] levels = Arrays.stream(a.getOrDefault("users", "1,64").split(",")).mapToInt(Integer::parseInt).toArray();
        String erpMode = a.getOrDefault("erp", "process");
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : null;

        try (FlowEngine engine = Bench.engine(); Erp erp = Erp.start(erpMode)) {
            InProcessBench bench = new InProcessBench(engine, Bench.load(engine, flowFile), erp);
            ExecutionRecord sample = bench.once();
            System.out.println("sample execution: " + sample.status() + " output=" + sample.output());
            if (sample.status() != ExecutionStatus.SUCCEEDED) {
                throw new IllegalStateException("the flow does not succeed: " + sample.error());
            }
            System.out.printf("warm-up: %d s (64 users, then 1 user)%n", warmup);
            bench.measure(64, warmup - warmup / 4);
            bench.measure(1, warmup / 4);

            List<Run> runs = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                for (int users : levels) {
                    Run r = bench.measure(users, duration);
                    runs.add(r);
                    System.out.printf("round %d: %3d users  %8.1f exec/s  p50 %7.2f ms  p99 %7.2f ms  max %7.1f ms"
                                    + "  cpu %5.2f ms/exec  erp cpu %5.2f ms/exec  engine %.2f cores  others %.2f cores  gc %d (%d ms)"
                                    + "  failures %d%n",
                            round, users, r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.cpuMsPerExecution(),
                            r.erpCpuMsPerExecution(), r.cpuNanos() / 1e9 / r.seconds(), r.otherCores(), r.gcCount(),
                            r.gcMs(), r.failures());
                    if (r.failures() > 0) {
                        System.out.println("  first failure: " + r.firstFailure());
                    }
                }
            }
            String report = report(runs, levels, flowFile, warmup, duration, rounds, erpMode);
            System.out.println();
            System.out.println(report);
            if (out != null) {
                Files.writeString(out, report);
            }
        }
    }

    private ExecutionRecord once() throws Exception {
        return engine.start(flow, FlowEngine.manualTrigger(order()), vars).done().get(30, TimeUnit.SECONDS);
    }

    private ObjectNode order() {
        ObjectNode o = JSON.objectNode();
        o.put("orderId", "A-" + orders.incrementAndGet());
        o.put("customer", "acme gmbh");
        var items = o.putArray("items");
        items.addObject().put("sku", "X-1").put("qty", 2).put("price", 19.5);
        items.addObject().put("sku", "Y-7").put("qty", 1).put("price", 5);
        items.addObject().put("sku", "Z-3").put("qty", 10).put("price", 0.25);
        return o;
    }

    private Run measure(int users, int seconds) throws InterruptedException {
        long[][] latencies = new long[users][];
        int[] counts = new int[users];
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Thread[] threads = new Thread[users];
        long[] gc0 = Bench.gc();
        Map<String, Long> threadCpu0 = Bench.cpuByThreadGroup();
        long erp0 = erp.cpuNanos();
        long machine0 = Bench.machineBusyNanos();
        long cpu0 = Bench.processCpuNanos();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        for (int u = 0; u < users; u++) {
            int user = u;
            threads[u] = new Thread(() -> {
                long[] mine = new long[4096];
                int n = 0;
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        ExecutionRecord r = engine.start(flow, FlowEngine.manualTrigger(order()), vars).done()
                                .get(60, TimeUnit.SECONDS);
                        if (r.status() != ExecutionStatus.SUCCEEDED) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, r.status() + " " + r.error());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, String.valueOf(e));
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - start;
                }
                latencies[user] = mine;
                counts[user] = n;
            }, "bench-user-" + u);
            threads[u].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - t0;
        long cpu = Bench.processCpuNanos() - cpu0;
        long machine = Bench.machineBusyNanos() - machine0;
        long erp1 = erp.cpuNanos();
        Map<String, Long> threadCpu = Bench.delta(threadCpu0, Bench.cpuByThreadGroup(), cpu);
        long[] gc1 = Bench.gc();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int u = 0; u < users; u++) {
            System.arraycopy(latencies[u], 0, all, at, counts[u]);
            at += counts[u];
        }
        Arrays.sort(all);
        return new Run(users, elapsed / 1e9, total, failures.get(), firstFailure.get(), all, cpu,
                erp0 < 0 || erp1 < 0 ? -1 : erp1 - erp0, machine0 < 0 ? -1 : machine, gc1[0] - gc0[0],
                gc1[1] - gc0[1], threadCpu);
    }

    private static String report(List<Run> runs, int[] levels, Path flowFile, int warmup, int duration, int rounds,
                                 String erpMode) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("Flow `%s`; warm-up %d s; %d rounds × %d s per level, levels interleaved; ERP stub: %s."
                + "%n%s%n%n", flowFile, warmup, rounds, duration, erpMode, Bench.machine()));
        md.append("| users | exec/s median (min–max) | p50 ms median (min–max) | p99 ms median (min–max) "
                + "| engine CPU ms/exec | ERP stub CPU ms/exec | engine JVM cores | other processes' cores "
                + "| failures |\n");
        md.append("|---:|---|---|---|---:|---:|---:|---:|---:|\n");
        for (int users : levels) {
            List<Run> mine = runs.stream().filter(r -> r.users() == users).toList();
            double[] tput = mine.stream().mapToDouble(Run::perSecond).toArray();
            double[] p50 = mine.stream().mapToDouble(Run::p50Ms).toArray();
            double[] p99 = mine.stream().mapToDouble(Run::p99Ms).toArray();
            double[] cpu = mine.stream().mapToDouble(Run::cpuMsPerExecution).toArray();
            double[] erpCpu = mine.stream().mapToDouble(Run::erpCpuMsPerExecution).toArray();
            double[] cores = mine.stream().mapToDouble(r -> r.cpuNanos() / 1e9 / r.seconds()).toArray();
            double[] others = mine.stream().mapToDouble(Run::otherCores).toArray();
            long failures = mine.stream().mapToLong(Run::failures).sum();
            md.append(String.format("| %d | %s | %s | %s | %.2f | %s | %.2f | %s | %d |%n", users,
                    spread(tput, "%.0f"), spread(p50, "%.2f"), spread(p99, "%.2f"), Bench.median(cpu),
                    Bench.median(erpCpu) < 0 ? "n/a" : String.format("%.2f", Bench.median(erpCpu)),
                    Bench.median(cores), spread(others, "%.2f"), failures));
        }
        md.append("\nCPU of the engine JVM's Java threads in the last round (share of process CPU; the rest is GC, "
                + "JIT and other VM threads):\n\n");
        for (int users : levels) {
            Run last = runs.stream().filter(r -> r.users() == users).reduce((x, y) -> y).orElseThrow();
            StringBuilder line = new StringBuilder();
            last.cpuByThreads().entrySet().stream()
                    .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                    .forEach(e -> line.append(String.format("%s %.0f%%, ", e.getKey(),
                            100.0 * e.getValue() / last.cpuNanos())));
            md.append(String.format("- %d users: %s(process CPU %.0f%% of one core)%n", users, line,
                    100.0 * last.cpuNanos() / 1e9 / last.seconds()));
        }
        return md.toString();
    }

    private static String spread(double[] values, String format) {
        return String.format(format + " (" + format + "–" + format + ")", Bench.median(values), Bench.min(values),
                Bench.max(values));
    }
}
