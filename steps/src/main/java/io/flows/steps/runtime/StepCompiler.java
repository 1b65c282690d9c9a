package io.flows.steps.runtime;

import io.flows.dsl.model.Flow;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepConfig;
import io.flows.dsl.parse.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;

/**
 * Compiles a flow's steps into Camel processors, once per flow version: each step through the
 * runtime class of its kind, each step list into a {@link StepSequence}.
 */
public final class StepCompiler {

    private final CamelContext camel;
    private final StepRuntimes runtimes;
    private final RuntimeSettings settings;

    public StepCompiler(CamelContext camel, StepRuntimes runtimes, RuntimeSettings settings) {
        this.camel = camel;
        this.runtimes = runtimes;
        this.settings = settings;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The top-level step list of {@code flow}. */
    public StepSequence compile(Flow flow) {
        return compile(flow.steps(), "steps");
    }

    /** A step list found at {@code path} in the document (e.g. {@code steps[2].when[0].steps}). */
    public StepSequence compile(List<Step> steps, String path) {
        List<Processor> processors = new ArrayList<>();
        for (int i = 0; i < (steps == null ? 0 : steps.size()); i++) {
            processors.add(compileStep(steps.get(i), Paths.index(path, i)));
        }
        return new StepSequence(camel, processors);
    }

    private <C extends StepConfig> StepProcessor compileStep(Step step, String path) {
        @SuppressWarnings("unchecked")
        StepRuntime<C> runtime = (StepRuntime<C>) runtimes.forConfig(step.config());
        @SuppressWarnings("unchecked")
        C config = (C) step.config();
        StepAction action = runtime.compile(step, config, new Nested(path));
        Duration timeout = step.timeout() != null ? step.timeout().value() : runtime.defaultTimeout(config, settings);
        return new StepProcessor(step, step.type(), path, action, timeout, runtime.keepsOwnDeadline(config));
    }

    /** A compiler view that knows where the step being compiled sits, for its nested lists. */
    public final class Nested {
        private final String path;

        Nested(String path) {
            this.path = path;
        }

        /** Compiles a nested list at {@code relative} under the current step, e.g. {@code "steps"}. */
        public StepSequence compile(List<Step> steps, String relative) {
            return StepCompiler.this.compile(steps, path + (relative.startsWith("[") ? "" : ".") + relative);
        }

        public RuntimeSettings settings() {
            return settings;
        }
    }
}
