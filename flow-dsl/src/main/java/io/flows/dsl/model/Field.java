package io.flows.dsl.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents one field of a flow document; the JSON Schema, the editor's forms and the reference
 * docs are generated from it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT})
public @interface Field {

    String title() default "";

    String description() default "";

    /** Editor hint written as {@code x-widget}: {@code code}, {@code duration}, {@code expression}, {@code json}. */
    String widget() default "";

    /** Default value as JSON text, e.g. {@code "1"} or {@code "\"fail\""}. */
    String defaultValue() default "";

    boolean required() default false;

    /**
     * The engine renders the {@code ${...}} templates in this value (and in everything nested in it), written as
     * {@code x-evaluated}; in any other field a {@code ${...}} is kept as text, which the validator warns about.
     */
    boolean evaluated() default false;

    /**
     * For a slot of nested steps: the names its steps see besides the usual ones ({@code index} in a foreach
     * body, {@code error} in a catch), written as {@code x-scope}.
     */
    String[] scope() default {};

    double minimum() default Double.NaN;

    double maximum() default Double.NaN;
}
