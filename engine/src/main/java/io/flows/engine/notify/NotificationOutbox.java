package io.flows.engine.notify;

import io.flows.engine.runtime.Ids;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.ExecutionWriter;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues the notifications of ended executions in the very transaction that commits their final
 * state, so an ended execution and its deliveries are stored together or not at all: no window
 * in which a crash loses a notification.
 *
 * <p>Its writes sit behind a savepoint: if they fail, the notifications of that batch are lost
 * (and logged) but the executions are still stored.
 */
@Singleton
class NotificationOutbox implements ExecutionWriter.EndedHook {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);

    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final TransactionOperations<Connection> tx;
    private final DeliveryDispatcher dispatcher;
    private final NotificationMetrics metrics;
    private final NotificationsConfig config;
    private final Clock clock;

    NotificationOutbox(SubscriptionRepository subscriptions, DeliveryRepository deliveries,
                       TransactionOperations<Connection> tx, DeliveryDispatcher dispatcher, NotificationMetrics metrics,
                       NotificationsConfig config, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.tx = tx;
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void ended(List<ExecutionRow> rows) {
        // read before the savepoint, so that the usual case (no subscription) costs one small query only;
        // a read that fails here fails the batch, which the writer then retries execution by execution
        List<SubscriptionRow> active = subscriptions.findByEnabled(true);
        if (active.isEmpty()) {
            return;
        }
        Connection connection = tx.getConnection();
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            LOG.error("notifications of {} ended executions not enqueued: no savepoint ({})", rows.size(), e.getMessage());
            return;
        }
        try {
            List<DeliveryRow> enqueued = enqueue(rows, active);
            if (!enqueued.isEmpty()) {
                tx.findTransactionStatus().ifPresent(s -> s.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        enqueued.forEach(d -> metrics.enqueued(d.eventType()));
                        dispatcher.wake();
                    }
                }));
            }
        } catch (RuntimeException e) {
            LOG.error("notifications of {} ended executions not enqueued: {}", rows.size(), e.getMessage());
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollback) {
                // the executions' own transaction fails now; the writer retries them one by one
                throw new IllegalStateException("could not roll back to the notification savepoint", rollback);
            }
        }
    }

    private List<DeliveryRow> enqueue(List<ExecutionRow> rows, List<SubscriptionRow> active) {
        Instant now = clock.instant();
        List<DeliveryRow> out = new ArrayList<>();
        for (ExecutionRow row : rows) {
            String type = ExecutionEvent.typeOf(row);
            String payload = null;
            for (SubscriptionRow s : active) {
                if (s.wants(type, row.flowId())) {
                    payload = payload == null ? ExecutionEvent.payload(row, config.getPublicUrl()) : payload;
                    out.add(new DeliveryRow(messageId(), s.id(), type, row.id(), row.flowId(), payload,
                            DeliveryRow.PENDING, 0, now, false, null, null, null, now, now));
                }
            }
        }
        if (!out.isEmpty()) {
            deliveries.saveAll(out);
        }
        return out;
    }

    /** A Standard Webhooks message id: {@code msg_} and a time-ordered random id. */
    private String messageId() {
        return "msg_" + Ids.next(clock).replace("-", "");
    }
}
