package io.flows.steps.runtime;

import io.flows.dsl.model.StepConfig;
import io.flows.steps.kinds.CallFlowRuntime;
import io.flows.steps.kinds.ChoiceRuntime;
import io.flows.steps.kinds.ConnectorCallRuntime;
import io.flows.steps.kinds.DelayRuntime;
import io.flows.steps.kinds.ErrorInjectionRuntime;
import io.flows.steps.kinds.ForeachRuntime;
import io.flows.steps.kinds.ParallelRuntime;
import io.flows.steps.kinds.TransformRuntime;
import io.flows.steps.kinds.TryRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run-time halves of the step kinds, by configuration record. */
public final class StepRuntimes {

    private final Map<Class<?>, StepRuntime<?>> byConfig = new LinkedHashMap<>();

    public StepRuntimes(List<StepRuntime<?>> runtimes) {
        for (StepRuntime<?> r : runtimes) {
            byConfig.put(r.configType(), r);
        }
    }

    public static StepRuntimes standard() {
        return new StepRuntimes(List.of(new TransformRuntime(), new ConnectorCallRuntime(), new DelayRuntime(),
                new ErrorInjectionRuntime(), new ChoiceRuntime(), new ForeachRuntime(), new ParallelRuntime(),
                new TryRuntime(), new CallFlowRuntime()));
    }

    public StepRuntime<?> forConfig(StepConfig config) {
        StepRuntime<?> r = byConfig.get(config.getClass());
        if (r == null) {
            throw new IllegalStateException("no runtime for step kind " + config.getClass().getSimpleName());
        }
        return r;
    }

    public boolean has(Class<?> configType) {
        return byConfig.containsKey(configType);
    }
}
