package io.flows.bench;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowLoader;
import io.flows.engine.runtime.FlowVersion;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What both benchmarks share: arguments, the engine, flow loading, CPU and GC accounting, statistics. */
final class Bench {

    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Bench() {
    }

    /** {@code --name value} pairs. */
    static Map<String, String> args(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            out.put(args[i].substring(2), args[++i]);
        }
        return out;
    }

    static FlowEngine engine() {
        return new FlowEngine(EngineSettings.defaults(), flowId -> Optional.empty(), Clock.systemUTC(), null);
    }

    static FlowVersion load(FlowEngine engine, Path file) throws IOException {
        FlowLoader loader = new FlowLoader(new FlowDsl(), engine.scripts());
        FlowDsl.Result r = loader.read(Files.readAllBytes(file), Format.YAML);
        if (!r.valid()) {
            throw new IllegalStateException(file + " is not a valid flow: " + r.problems());
        }
        return FlowLoader.version(r, 1);
    }

    /** Busy CPU time of the whole machine so far in nanoseconds (from /proc/stat, USER_HZ = 100), or -1. */
    static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Collections and milliseconds spent in GC so far, over every collector. */
    static long[] gc() {
        long count = 0;
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    /** CPU nanoseconds per thread group: live Java threads by name with digits stripped. */
    static Map<String, Long> cpuByThreadGroup() {
        Map<String, Long> out = new TreeMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (cpu > 0) {
                out.merge(group(infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        return out;
    }

    /** Live thread count by group name. */
    static Map<String, Integer> threadsByGroup() {
        Map<String, Integer> out = new TreeMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                out.merge(group(info.getThreadName()), 1, Integer::sum);
            }
        }
        return out;
    }

    static String group(String threadName) {
        String g = threadName.replaceAll("\\d+", "#");
        return g.replaceAll("#(-#)+", "#");
    }

    /** {@code after - before} per key, dropping groups that used under 0.5% of {@code total}. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after, long total) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > total / 200) {
                out.put(k, d);
            }
        });
        return out;
    }

    /** The q-quantile (0..1) of sorted values, nearest rank. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return "nproc=" + rt.availableProcessors() + ", max heap=" + rt.maxMemory() / (1024 * 1024) + " MB, JDK "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", GC "
                + String.join("+", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).toList());
    }
}
