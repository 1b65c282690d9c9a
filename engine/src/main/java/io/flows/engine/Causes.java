package io.flows.engine;

import java.util.stream.Stream;

/** A failure and what caused it, outermost first: where a start or a request failed because of something deeper. */
public final class Causes {

    private Causes() {
    }

    public static Stream<Throwable> of(Throwable thrown) {
        return Stream.iterate(thrown, t -> t != null, t -> t.getCause() == t ? null : t.getCause());
    }
}
