package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.processor.Pipeline;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;

/**
 * A compiled list of steps: a Camel pipeline of {@link StepProcessor}s, each step's output the
 * next one's input. Control steps run their nested lists through it.
 */
public final class StepSequence {

    private final CamelContext camel;
    private final AsyncProcessor pipeline;
    private final int size;

    StepSequence(CamelContext camel, List<Processor> steps) {
        this.camel = camel;
        this.size = steps.size();
        this.pipeline = steps.isEmpty() ? null : (AsyncProcessor) Pipeline.newInstance(camel, steps);
        if (pipeline != null) {
            ServiceHelper.startService(pipeline);
        }
    }

    /** The pipeline as a Camel processor, for a route. */
    public AsyncProcessor processor() {
        return pipeline;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    CompletableFuture<JsonNode> run(ExecutionContext ctx, Scope scope, JsonNode input, Attempt.Position position,
                                    Attempt enclosing) {
        if (pipeline == null) {
            return CompletableFuture.completedFuture(input);
        }
        Exchange exchange = new DefaultExchange(camel);
        prepare(exchange, ctx, scope, input, position);
        exchange.setProperty(StepProcessor.ENCLOSING, enclosing);
        CompletableFuture<JsonNode> done = new CompletableFuture<>();
        pipeline.process(exchange, doneSync -> complete(exchange, done));
        return done;
    }

    /** Makes {@code exchange} the start of an execution: its context, root scope and trigger body. */
    public static void prepareTopLevel(Exchange exchange, ExecutionContext ctx, Scope scope) {
        prepare(exchange, ctx, scope, ctx.triggerBody(), Attempt.Position.TOP);
    }

    static void prepare(Exchange exchange, ExecutionContext ctx, Scope scope, JsonNode input, Attempt.Position position) {
        exchange.setProperty(StepProcessor.CONTEXT, ctx);
        exchange.setProperty(StepProcessor.SCOPE, scope);
        exchange.setProperty(StepProcessor.POSITION, position);
        exchange.getMessage().setBody(input);
    }

    static void complete(Exchange exchange, CompletableFuture<JsonNode> done) {
        Exception e = exchange.getException();
        if (e != null) {
            done.completeExceptionally(e);
        } else {
            done.complete(exchange.getMessage().getBody(JsonNode.class));
        }
    }
}
