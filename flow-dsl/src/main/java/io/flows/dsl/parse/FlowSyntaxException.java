package io.flows.dsl.parse;

import io.flows.dsl.validate.Problem;

/** A document that cannot be read at all: too large, malformed, too deep, duplicate keys, alias bombs. */
public class FlowSyntaxException extends RuntimeException {

    private final transient Problem problem;

    public FlowSyntaxException(Problem problem) {
        super(problem.toString(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
