package io.flows.engine.notify;

import io.flows.engine.FlowsConfig;
import io.flows.engine.secrets.SealedColumns;
import io.flows.engine.store.OutageLog;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries from the outbox table. One thread polls (one indexed query per poll interval
 * when idle, or at once when woken by a commit, a redelivery or a retry falling due), takes each
 * due delivery with an optimistic claim that leases it past the attempt's deadline, and hands it
 * to the sender; at most {@code concurrency} attempts are in flight, and at most
 * {@code concurrency-per-subscription} of one subscription, so a slow or hanging receiver cannot hold up the others.
 * Several nodes may poll one database: a claim succeeds on one of them only.
 *
 * <p>At least once: a node that dies during an attempt leaves the delivery leased; when the lease
 * ends it is sent again with the same {@code webhook-id}, which receivers use to drop repeats.
 */
@Singleton
class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /** Beyond the attempt's own deadline: time to record its outcome before anyone else may take it. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final SubscriptionRepository subscriptions;
    private final WebhookSender sender;
    private final SubscriptionSecrets secrets;
    private final TransactionOperations<Connection> tx;
    private final NotificationMetrics metrics;
    private final NotificationsConfig config;
    private final FlowsConfig flows;
    private final Clock clock;
    private final OutageLog outage;
    private final Backoff backoff;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Attempts in flight by subscription id; a subscription with none has no entry. Guarded by this. */
    private final Map<String, Integer> inFlightBySubscription = new HashMap<>();
    /** The earliest retry this node scheduled (epoch ms), so it polls then instead of a poll interval later. */
    private final AtomicLong localDue = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean running;
    private Thread thread;

    DeliveryDispatcher(DeliveryRepository deliveries, AttemptRepository attempts, SubscriptionRepository subscriptions,
                       WebhookSender sender, SubscriptionSecrets secrets, TransactionOperations<Connection> tx,
                       NotificationMetrics metrics, NotificationsConfig config, FlowsConfig flows, Clock clock) {
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.secrets = secrets;
        this.tx = tx;
        this.metrics = metrics;
        this.config = config;
        this.flows = flows;
        this.clock = clock;
        this.outage = new OutageLog(LOG, "the notifications", clock);
        this.backoff = new Backoff(config.getBackoff());
    }

    /** Tools that open a stopped service's database (export, import) send nothing, like they run nothing. */
    @EventListener
    void onStartup(StartupEvent event) {
        if (!flows.isRecover() || !config.isEnabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "flows-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    /** Something may be due now. */
    void wake() {
        wakeUps.release();
    }

    private void loop() {
        while (running) {
            long pollStarted = clock.millis();
            try {
                poll();
                outage.passed();
            } catch (RuntimeException e) {
                if (!outage.outage(e)) {
                    LOG.warn("notification outbox poll failed: {}", e.getMessage());
                }
            }
            localDue.getAndUpdate(due -> due <= pollStarted ? Long.MAX_VALUE : due);
            long wait = Math.min(config.getPollInterval().toMillis(), Math.max(1, localDue.get() - clock.millis()));
            try {
                wakeUps.tryAcquire(wait, TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void poll() {
        int free = config.getConcurrency() - inFlight.get();
        if (free <= 0) {
            return;
        }
        Instant now = clock.instant();
        List<String> busy = busySubscriptions();
        List<DeliveryRow> due = busy.isEmpty() ? deliveries.findDue(now, free) : deliveries.findDueExcept(now, busy, free);
        boolean leftSome = false;
        for (DeliveryRow d : due) {
            if (!takeSlot(d.subscriptionId())) {
                leftSome = true; // this poll has filled the subscription's share: the next one looks past it
                continue;
            }
            Instant leaseUntil = now.plus(config.getTimeout()).plus(LEASE_MARGIN);
            Optional<SubscriptionRow> subscription = deliveries.claim(d.id(), d.attempts(), now, leaseUntil) != 1
                    ? Optional.empty() : subscriptions.findById(d.subscriptionId());
            if (subscription.isEmpty()) {
                releaseSlot(d.subscriptionId());
                continue;
            }
            int attempt = d.attempts() + 1;
            inFlight.incrementAndGet();
            signedAs(subscription.get(), d).whenComplete((outcome, failure) -> {
                try {
                    if (failure != null) {
                        LOG.warn("notification {} attempt {} failed unexpectedly: {}", d.id(), attempt, failure.toString());
                    } else if (running) {
                        record(d, attempt, now, leaseUntil, outcome);
                    }
                } catch (RuntimeException e) {
                    LOG.warn("notification {} attempt {}: outcome not recorded ({}); it is sent again after its lease",
                            d.id(), attempt, e.getMessage());
                } finally {
                    releaseSlot(d.subscriptionId());
                    inFlight.decrementAndGet();
                    wake();
                }
            });
        }
        if (leftSome) {
            wake();
        }
    }

    /** The subscriptions that have all the attempts in flight they may have. */
    private synchronized List<String> busySubscriptions() {
        return inFlightBySubscription.entrySet().stream()
                .filter(e -> e.getValue() >= perSubscription()).map(Map.Entry::getKey).toList();
    }

    /** One more attempt in flight for the subscription; false when it has all it may have. */
    private synchronized boolean takeSlot(String subscriptionId) {
        int n = inFlightBySubscription.getOrDefault(subscriptionId, 0);
        if (n >= perSubscription()) {
            return false;
        }
        inFlightBySubscription.put(subscriptionId, n + 1);
        return true;
    }

    private synchronized void releaseSlot(String subscriptionId) {
        int n = inFlightBySubscription.getOrDefault(subscriptionId, 0);
        if (n <= 1) {
            inFlightBySubscription.remove(subscriptionId);
        } else {
            inFlightBySubscription.put(subscriptionId, n - 1);
        }
    }

    private int perSubscription() {
        return Math.max(1, config.getConcurrencyPerSubscription());
    }

    /** Sends the attempt signed with the subscription's secrets, or fails it at once when they do not open. */
    private CompletableFuture<WebhookSender.Outcome> signedAs(SubscriptionRow subscription, DeliveryRow d) {
        SubscriptionRow opened;
        try {
            opened = secrets.opened(subscription);
        } catch (SealedColumns.Unreadable e) {
            return CompletableFuture.completedFuture(new WebhookSender.Outcome(null, 0,
                    "SECRET_UNREADABLE: " + e.getMessage(), null, false));
        }
        return sender.send(opened, d);
    }

    private void record(DeliveryRow d, int attempt, Instant startedAt, Instant leaseUntil, WebhookSender.Outcome o) {
        Instant now = clock.instant();
        String status;
        Instant next = null;
        boolean gone = Integer.valueOf(410).equals(o.statusCode());
        if (o.succeeded()) {
            status = DeliveryRow.SUCCEEDED;
        } else if (gone || d.singleAttempt() || o.fin()) {
            status = DeliveryRow.FAILED;
        } else {
            next = backoff.next(attempt, now).orElse(null);
            status = next == null ? DeliveryRow.FAILED : DeliveryRow.PENDING;
        }
        Instant nextAttemptAt = next;
        AttemptRow log = new AttemptRow(d.id() + ":" + attempt, d.id(), attempt, startedAt, o.statusCode(), o.durationMs(),
                o.error(), o.answer());
        int updated = tx.executeWrite(s -> {
            if (!deliveries.existsById(d.id())) {
                return 0; // its subscription was deleted meanwhile
            }
            attempts.save(log);
            if (gone) {
                subscriptions.setEnabled(d.subscriptionId(), false,
                        "the receiver answered 410 Gone at " + now + "; enable the subscription to resume", now);
            }
            return deliveries.recordOutcome(d.id(), attempt, leaseUntil, status, nextAttemptAt, startedAt, o.statusCode(),
                    o.error(), now);
        });
        metrics.attempt(outcome(o));
        if (updated == 0) {
            return; // redelivered meanwhile: that attempt decides
        }
        if (next != null) {
            localDue.accumulateAndGet(next.toEpochMilli(), Math::min);
            LOG.debug("notification {} attempt {} failed ({}); next attempt at {}", d.id(), attempt, o.error(), next);
        } else {
            metrics.delivery(d.eventType(), status);
            if (status.equals(DeliveryRow.FAILED)) {
                LOG.info("notification {} ({} of execution {}) to subscription {} failed after {} attempts: {}",
                        d.id(), d.eventType(), d.executionId(), d.subscriptionId(), attempt, o.error());
            }
        }
        if (gone) {
            LOG.warn("subscription {} disabled: its receiver answered 410 Gone", d.subscriptionId());
        }
    }

    private static String outcome(WebhookSender.Outcome o) {
        if (o.statusCode() != null) {
            return (o.statusCode() / 100) + "xx";
        }
        return o.timedOut() ? "timeout" : "error";
    }

    /** Deletes ended deliveries (and their attempts) older than the retention period. */
    int prune() {
        Instant before = clock.instant().minus(config.getRetention());
        return tx.executeWrite(s -> {
            attempts.deleteOfEndedBefore(before);
            return deliveries.deleteEndedBefore(before);
        });
    }

    @PreDestroy
    void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
