package io.flows.dsl.model;

/**
 * The configuration record of one step kind, annotated with {@link Kind}. Fields typed
 * {@code List<Step>} (or maps of them) are slots for nested steps.
 */
public interface StepConfig {
}
