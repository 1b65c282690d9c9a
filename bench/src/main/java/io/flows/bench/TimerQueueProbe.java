package io.flows.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.engine.runtime.Execution;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowVersion;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What happens to other flows while {@code limit} delays wait: fills the engine's timer queue with 5 s delays,
 * then starts one order → ERP execution (whose connector call schedules a step timeout) and one more delay.
 */
public final class TimerQueueProbe {

    public static void main(String[] args) throws Exception {
        try (FlowEngine engine = Bench.engine(); Erp erp = Erp.inline()) {
            FlowVersion wait = Bench.load(engine, Path.of("bench/flows/wait-5s.yaml"));
            FlowVersion order = Bench.load(engine, Path.of("bench/flows/order-to-erp.yaml"));
            long limit = TimerQueue.limit(engine);
            System.out.println("timer pool: " + TimerQueue.of(engine).getClass().getName() + ", queue limit " + limit);
            for (int i = 0; i < limit; i++) {
                engine.start(wait, FlowEngine.manualTrigger(null), Map.of());
            }
            System.out.println("started " + limit + " waiting executions; running: " + engine.runningCount());
            var body = JsonNodeFactory.instance.objectNode().put("orderId", "P-1").put("customer", "probe");
            body.putArray("items").addObject().put("qty", 1).put("price", 2);
            Execution call = engine.start(order, FlowEngine.manualTrigger(body),
                    Map.of("erpBase", TextNode.valueOf("http://127.0.0.1:" + erp.port() + "/erp")));
            Execution delay = engine.start(wait, FlowEngine.manualTrigger(null), Map.of());
            report("one more 5 s delay", delay);
            report("order-to-erp (connector call with a 5 s step timeout)", call);
        }
    }

    private static void report(String what, Execution e) throws Exception {
        long t0 = System.nanoTime();
        try {
            ExecutionRecord r = e.done().get(8, TimeUnit.SECONDS);
            System.out.printf("%s: %s after %d ms, error %s%n", what, r.status(),
                    (System.nanoTime() - t0) / 1_000_000, r.error());
        } catch (TimeoutException x) {
            System.out.printf("%s: still RUNNING after 8 s (never completed); trace %s%n", what,
                    e.context().trace());
        }
    }
}
