package io.flows.dsl.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares a step kind on its configuration record: the {@code type} name and how people see it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Kind {

    /** The value of {@code type} in a flow document, e.g. {@code connector-call}. */
    String name();

    String title();

    String description();

    /** Palette group: {@code logic}, {@code integration}, {@code control}, {@code testing}. */
    String category();
}
