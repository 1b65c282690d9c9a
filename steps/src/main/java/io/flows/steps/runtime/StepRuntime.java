package io.flows.steps.runtime;

import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepConfig;

/**
 * The run-time half of a step kind (its configuration record in flow-dsl is the other half):
 * turns one step of a flow into the action that runs it. Called once per flow version.
 *
 * @param <C> the kind's configuration record
 */
public interface StepRuntime<C extends StepConfig> {

    Class<C> configType();

    StepAction compile(Step step, C config, StepCompiler.Nested compiler);

    /** The per-attempt timeout when the step sets none; null for no timeout. */
    default java.time.Duration defaultTimeout(C config, RuntimeSettings settings) {
        return null;
    }

    /**
     * Whether the action itself ends an attempt whose timeout passes, with a failure that tells more than the
     * step's timer can (which URL did not answer). The timer then waits a moment longer, as a backstop for work
     * that never got that far: racing at the same instant, the two made one timeout read differently from one
     * attempt to the next.
     */
    default boolean keepsOwnDeadline(C config) {
        return false;
    }
}
