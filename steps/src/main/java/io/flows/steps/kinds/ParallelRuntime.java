package io.flows.steps.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.kinds.Parallel;
import io.flows.dsl.model.Step;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import io.flows.steps.runtime.StepSequence;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs every branch at the same time with the step's input; the output is {@code {branch: last
 * output}}. A failing branch fails the step once all branches have finished.
 */
public final class ParallelRuntime implements StepRuntime<Parallel> {

    @Override
    public Class<Parallel> configType() {
        return Parallel.class;
    }

    @Override
    public StepAction compile(Step step, Parallel config, StepCompiler.Nested compiler) {
        Map<String, StepSequence> branches = new LinkedHashMap<>();
        config.branches().forEach((name, steps) -> branches.put(name, compiler.compile(steps, "branches." + name)));
        return attempt -> {
            // it fails once every branch has ended, but what waits for it (a foreach) hears at once
            attempt.failsWithNested();
            Map<String, CompletableFuture<JsonNode>> running = new LinkedHashMap<>();
            int left = branches.size();
            for (Map.Entry<String, StepSequence> b : branches.entrySet()) {
                Supplier<CompletableFuture<JsonNode>> start =
                        () -> attempt.run(b.getValue(), attempt.input(), attempt.scope(), null, b.getKey());
                // the last branch may hold this thread: no other waits to be started after it
                running.put(b.getKey(), --left > 0 ? attempt.startAside(start) : start.get());
            }
            List<CompletableFuture<JsonNode>> all = List.copyOf(running.values());
            return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                    .handle((ignored, err) -> {
                        ObjectNode out = JsonNodeFactory.instance.objectNode();
                        for (Map.Entry<String, CompletableFuture<JsonNode>> e : running.entrySet()) {
                            // every branch has ended here; join rethrows the first failure in branch order
                            out.set(e.getKey(), e.getValue().join());
                        }
                        return (JsonNode) out;
                    });
        };
    }
}
