package io.flows.steps.runtime;

import io.flows.steps.http.AnswerHolder;
import java.util.ArrayList;
import java.util.List;

/**
 * The partners' answers an execution keeps (its steps' outputs refer to them) and their room in the node's response
 * memory, given back when the execution ends. Sub-flows it calls share it: their outputs become its steps' outputs.
 */
final class HeldAnswers implements AnswerHolder {

    private final List<Runnable> releases = new ArrayList<>();
    private boolean ended;

    @Override
    public Object owner() {
        return this;
    }

    @Override
    public void atEnd(Runnable release) {
        synchronized (this) {
            if (!ended) {
                releases.add(release);
                return;
            }
        }
        release.run();
    }

    /** Lets every answer go; those handed over later are let go at once. */
    void end() {
        List<Runnable> due;
        synchronized (this) {
            ended = true;
            due = List.copyOf(releases);
            releases.clear();
        }
        due.forEach(Runnable::run);
    }
}
