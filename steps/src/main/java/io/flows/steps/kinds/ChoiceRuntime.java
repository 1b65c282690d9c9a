package io.flows.steps.kinds;

import io.flows.dsl.kinds.Choice;
import io.flows.dsl.model.Step;
import io.flows.steps.runtime.StepAction;
import io.flows.steps.runtime.StepCompiler;
import io.flows.steps.runtime.StepRuntime;
import io.flows.steps.runtime.StepSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the first branch whose condition is truthy, else {@code otherwise}, else passes the input. */
public final class ChoiceRuntime implements StepRuntime<Choice> {

    @Override
    public Class<Choice> configType() {
        return Choice.class;
    }

    @Override
    public StepAction compile(Step step, Choice config, StepCompiler.Nested compiler) {
        List<String> conditions = new ArrayList<>();
        List<StepSequence> branches = new ArrayList<>();
        for (int i = 0; i < config.when().size(); i++) {
            conditions.add(config.when().get(i).condition());
            branches.add(compiler.compile(config.when().get(i).steps(), "when[" + i + "].steps"));
        }
        StepSequence otherwise = compiler.compile(config.otherwise(), "otherwise");
        return attempt -> {
            attempt.failsWithNested();
            for (int i = 0; i < conditions.size(); i++) {
                if (attempt.test(conditions.get(i))) {
                    return attempt.run(branches.get(i), attempt.input(), attempt.scope(), null, null);
                }
            }
            return otherwise.isEmpty() ? CompletableFuture.completedFuture(attempt.input())
                    : attempt.run(otherwise, attempt.input(), attempt.scope(), null, null);
        };
    }
}
