package io.flows.engine.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.runtime.Ids;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.service.ExecutionService;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.ExecutionRow;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;

/**
 * Records ticks. A fired tick's row and its QUEUED execution are committed in one transaction, and
 * the row's unique key (flow, fire time) refuses a second insert, so a tick starts exactly one
 * execution however many nodes try; a crash after the commit leaves a QUEUED execution, which the
 * next start of the service runs.
 */
final class TickFirer {

    private final TransactionOperations<Connection> tx;
    private final ScheduleFireRepository fires;
    private final ExecutionRepository executionRows;
    private final ExecutionService executions;
    private final ScheduleMetrics metrics;
    private final Clock clock;
    private final String node;

    /** @param node this node's id: named in the fire rows it records and in the executions it starts (it runs them) */
    TickFirer(TransactionOperations<Connection> tx, ScheduleFireRepository fires, ExecutionRepository executionRows,
              ExecutionService executions, ScheduleMetrics metrics, Clock clock, String node) {
        this.tx = tx;
        this.fires = fires;
        this.executionRows = executionRows;
        this.executions = executions;
        this.metrics = metrics;
        this.clock = clock;
        this.node = node;
    }

    /** Fires the tick unless it was already recorded; true when this call started its execution. */
    boolean fire(FlowVersion v, Instant fireTime, String status, long missedTicks) {
        Instant now = clock.instant();
        ObjectNode trigger = trigger(fireTime, v.flow().trigger().input());
        if (status.equals(ScheduleFireRow.CATCH_UP)) {
            trigger.put("catchUp", true);
            trigger.put("missedTicks", missedTicks);
        }
        ExecutionRow execution = new ExecutionRow(Ids.next(clock), v.flowId(), v.version(), ExecutionStatus.QUEUED.name(),
                Jsons.write(trigger), null, null, now, null, null, null, node);
        ScheduleFireRow row = new ScheduleFireRow(Ids.next(clock), v.flowId(), fireTime, status, execution.id(), 1, now, node);
        boolean inserted = insert(row, () -> tx.executeWrite(s -> {
            fires.save(row);
            executionRows.save(execution);
            return null;
        }));
        if (inserted) {
            metrics.fire(v.flowId(), status);
            executions.runQueued(v, execution);
        }
        return inserted;
    }

    /** Records a missed tick (or, with {@code ticks} above 1, a run of them) unless it is recorded already. */
    void missed(String flowId, Instant fireTime, long ticks) {
        ScheduleFireRow row = new ScheduleFireRow(Ids.next(clock), flowId, fireTime, ScheduleFireRow.MISSED, null,
                (int) Math.min(ticks, Integer.MAX_VALUE), clock.instant(), node);
        if (insert(row, () -> fires.save(row))) {
            metrics.fire(flowId, ScheduleFireRow.MISSED, ticks);
        }
    }

    private boolean insert(ScheduleFireRow row, Runnable write) {
        try {
            write.run();
            return true;
        } catch (DataAccessException e) {
            if (fires.existsByFlowIdAndFireTime(row.flowId(), row.fireTime())) {
                return false; // another node (or an earlier pass) recorded this tick first
            }
            throw e;
        }
    }

    /** The trigger of a tick, shaped like a REST or webhook trigger: {type, fireTime, body, headers, query}. */
    static ObjectNode trigger(Instant fireTime, JsonNode input) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("type", "schedule");
        t.put("fireTime", fireTime.toString());
        t.set("body", input == null || input.isNull() ? JsonNodeFactory.instance.objectNode() : input.deepCopy());
        t.putObject("headers");
        t.putObject("query");
        return t;
    }
}
