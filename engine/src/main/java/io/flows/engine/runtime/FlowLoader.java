package io.flows.engine.runtime;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.engine.schedule.CronCheck;
import io.flows.steps.check.CodeChecks;
import io.flows.steps.kinds.CamelEndpointPolicy;
import io.flows.steps.script.ScriptEngine;
import java.nio.charset.StandardCharsets;

/**
 * Reads a flow document and runs the validation stages: the language's, then the code checks, then
 * a schedule's cron with the parser that fires it, then the Camel endpoints of {@code uri:} calls.
 */
public final class FlowLoader {

    private final FlowDsl dsl;
    private final CodeChecks code;
    private final CamelEndpointPolicy endpoints;

    /** A loader that knows no node: of {@code uri:} calls it checks only what every node refuses. */
    public FlowLoader(FlowDsl dsl, ScriptEngine scripts) {
        this(dsl, scripts, new CamelEndpointPolicy(null));
    }

    /** A loader that warns of the {@code uri:} calls {@code endpoints} (a node's policy) refuses. */
    public FlowLoader(FlowDsl dsl, ScriptEngine scripts, CamelEndpointPolicy endpoints) {
        this.dsl = dsl;
        this.code = new CodeChecks(scripts);
        this.endpoints = endpoints;
    }

    public FlowDsl.Result read(byte[] bytes, Format format) {
        return EndpointCheck.check(CronCheck.check(code.validate(dsl, bytes, format)), endpoints);
    }

    /** A valid document as version {@code version}; the caller checked {@link FlowDsl.Result#valid()}. */
    public static FlowVersion version(FlowDsl.Result result, int version) {
        return new FlowVersion(result.flow().id(), version, result.flow(),
                result.document().text());
    }

    public static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
