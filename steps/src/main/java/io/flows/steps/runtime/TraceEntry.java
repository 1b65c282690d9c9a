package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One attempt of one step, as recorded in an execution's trace. Mutable while the attempt runs;
 * written by one thread at a time (the one running the attempt).
 */
public final class TraceEntry {

    public enum Status { RUNNING, SUCCEEDED, FAILED, SKIPPED }

    private final String stepId;
    private final String kind;
    private final String path;
    private final Integer index;
    private final List<Integer> indexes;
    private final String branch;
    private final int attempt;
    private final Instant startedAt;
    private final JsonNode input;
    private volatile Status status = Status.RUNNING;
    private volatile Long durationMs;
    private volatile JsonNode output;
    private volatile ErrorInfo error;
    private volatile JsonNode request;
    private volatile JsonNode response;
    private volatile List<String> logs;
    private volatile String childExecutionId;
    private volatile JsonNode extra;

    /**
     * @param index   the element of the innermost foreach this attempt runs for; null outside a foreach
     * @param indexes the elements of every foreach around it, outermost first (ends with {@code index})
     */
    public TraceEntry(String stepId, String kind, String path, Integer index, List<Integer> indexes, String branch,
                      int attempt, Instant startedAt, JsonNode input) {
        this.stepId = stepId;
        this.kind = kind;
        this.path = path;
        this.index = index;
        this.indexes = indexes;
        this.branch = branch;
        this.attempt = attempt;
        this.startedAt = startedAt;
        this.input = input;
    }

    /**
     * Ends the entry as succeeded, unless it has ended already: an attempt stopped by a cancel or by the end of a step
     * around it is marked failed at once, and when its work then completes anyway (a sub-flow that ended just as the
     * cancel came), what the enclosing steps and the execution were recorded with stands.
     */
    public synchronized void succeed(JsonNode output, long durationMs) {
        if (status != Status.RUNNING) {
            return;
        }
        this.output = output;
        this.durationMs = durationMs;
        this.status = Status.SUCCEEDED;
    }

    /** Ends the entry as failed, unless it has ended already (see {@link #succeed}). */
    public synchronized void fail(ErrorInfo error, JsonNode output, long durationMs) {
        if (status != Status.RUNNING) {
            return;
        }
        this.error = error;
        this.output = output;
        this.durationMs = durationMs;
        this.status = Status.FAILED;
    }

    public void skip() {
        this.durationMs = 0L;
        this.status = Status.SKIPPED;
    }

    public void request(JsonNode request) {
        this.request = request;
    }

    public void response(JsonNode response) {
        this.response = response;
    }

    public void logs(List<String> logs) {
        this.logs = logs == null || logs.isEmpty() ? null : List.copyOf(logs);
    }

    public void childExecutionId(String id) {
        this.childExecutionId = id;
    }

    /** Kind-specific facts, e.g. a foreach's iteration counts. */
    public void extra(JsonNode extra) {
        this.extra = extra;
    }

    public String stepId() { return stepId; }
    public String kind() { return kind; }
    public String path() { return path; }
    public Integer index() { return index; }
    public List<Integer> indexes() { return indexes; }
    public String branch() { return branch; }
    public int attempt() { return attempt; }
    public Instant startedAt() { return startedAt; }
    public JsonNode input() { return input; }
    public Status status() { return status; }
    public Long durationMs() { return durationMs; }
    public JsonNode output() { return output; }
    public ErrorInfo error() { return error; }
    public JsonNode request() { return request; }
    public JsonNode response() { return response; }
    public List<String> logs() { return logs; }
    public String childExecutionId() { return childExecutionId; }
    public JsonNode extra() { return extra; }
}
