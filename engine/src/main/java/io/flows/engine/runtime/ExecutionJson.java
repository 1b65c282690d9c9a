package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.steps.runtime.TraceEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes an execution the way the REST API and the command line show it, and the database stores it.
 *
 * <p>Its text is made well-formed here ({@link LoneSurrogates#wellFormed}): half of a UTF-16 surrogate pair (an emoji
 * cut by {@code slice}) can reach an execution in text no check sees before, such as a thrown error's message or a
 * {@code console.log} line, and it is no Unicode character: the HTTP answer could not be written (a 500 for an
 * execution that ran and was stored) and the database stored a {@code ?}. Replaced by U+FFFD once, here, the
 * answer and the stored copy say the same.
 */
public final class ExecutionJson {

    private final int maxStepPayloadBytes;

    public ExecutionJson(int maxStepPayloadBytes) {
        this.maxStepPayloadBytes = maxStepPayloadBytes;
    }

    public ObjectNode write(ExecutionRecord e) {
        return write(e, e.steps().stream().map(this::step).toList());
    }

    /** The execution with step entries already written by {@link #step} (so they are built once). */
    public ObjectNode write(ExecutionRecord e, java.util.List<ObjectNode> stepEntries) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", e.id());
        n.put("flowId", e.flowId());
        n.put("flowVersion", e.flowVersion());
        n.put("status", e.status().name());
        n.set("trigger", LoneSurrogates.wellFormed(e.trigger()));
        n.set("output", LoneSurrogates.wellFormed(e.output()));
        n.set("error", e.error() == null ? null : LoneSurrogates.wellFormed(e.error().toJson()));
        n.put("startedAt", time(e.startedAt()));
        n.put("finishedAt", e.finishedAt() == null ? null : time(e.finishedAt()));
        n.put("durationMs", e.durationMs());
        if (e.parentExecutionId() != null) {
            n.put("parentExecutionId", e.parentExecutionId());
        }
        ArrayNode steps = n.putArray("steps");
        steps.addAll(stepEntries);
        return n;
    }

    public ObjectNode step(TraceEntry t) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("stepId", t.stepId());
        s.put("kind", t.kind());
        s.put("path", t.path());
        if (t.index() != null) {
            s.put("index", t.index());
        }
        if (t.indexes() != null) {
            ArrayNode indexes = s.putArray("indexes");
            t.indexes().forEach(indexes::add);
        }
        if (t.branch() != null) {
            s.put("branch", t.branch());
        }
        s.put("status", t.status().name());
        s.put("attempt", t.attempt());
        s.put("startedAt", time(t.startedAt()));
        s.put("durationMs", t.durationMs());
        s.set("input", Payloads.limit(t.input(), maxStepPayloadBytes));
        s.set("output", Payloads.limit(t.output(), maxStepPayloadBytes));
        s.set("error", t.error() == null ? null : t.error().toJson());
        putIfPresent(s, "request", Payloads.limit(t.request(), maxStepPayloadBytes));
        putIfPresent(s, "response", Payloads.limit(t.response(), maxStepPayloadBytes));
        if (t.logs() != null) {
            ArrayNode logs = s.putArray("logs");
            t.logs().forEach(logs::add);
        }
        if (t.childExecutionId() != null) {
            s.put("childExecutionId", t.childExecutionId());
        }
        if (t.extra() != null) {
            t.extra().fields().forEachRemaining(f -> s.set(f.getKey(), f.getValue()));
        }
        return (ObjectNode) LoneSurrogates.wellFormed(s);
    }

    /** In milliseconds, as the database keeps the execution's times: the command line said nanoseconds. */
    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static void putIfPresent(ObjectNode n, String field, JsonNode v) {
        if (v != null) {
            n.set(field, v);
        }
    }
}
