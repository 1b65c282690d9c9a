package io.flows.engine.schedule;

import io.flows.dsl.model.Trigger;
import io.flows.engine.FlowsConfig;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.service.ExecutionService;
import io.flows.engine.service.FlowRegistry;
import io.flows.engine.service.NodeIdentity;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.FlowRow;
import io.flows.engine.store.OutageLog;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedule triggers. Every node polls; the one holding the lease looks at every enabled flow
 * whose latest version has a schedule trigger and records its due ticks (see {@link TickFirer}).
 *
 * <p>A schedule starts from the moment a serving node first sees it (new flow, new cron or zone,
 * enabled again): nothing before that counts as missed. While a flow is disabled its schedule is
 * forgotten, so its ticks then are not missed runs; a deleted flow's schedule stops the same way.
 * Started with the HTTP server, after the executions left by a previous process are recovered, and
 * never in the tools that open the database of a stopped service.
 */
@Singleton
public class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    /** Missed ticks recorded one by one after an outage; older ones share one row with their count. */
    static final int KEEP_MISSED = 100;

    private final ScheduleConfig config;
    private final FlowsConfig flowsConfig;
    private final ScheduledFlowRepository flows;
    private final ScheduleRepository schedules;
    private final ScheduleFireRepository fires;
    private final FlowRegistry registry;
    private final Clock clock;
    private final ScheduleLease lease;
    private final TickFirer firer;
    private final OutageLog outage;
    private final Map<String, CronSchedule> parsed = new ConcurrentHashMap<>();
    private ScheduledExecutorService loop;

    public Scheduler(ScheduleConfig config, FlowsConfig flowsConfig, ScheduledFlowRepository flows,
                     ScheduleRepository schedules, ScheduleFireRepository fires, ScheduleLeaseRepository leases,
                     FlowRegistry registry, ExecutionService executions, ExecutionRepository executionRows,
                     TransactionOperations<Connection> tx, ScheduleMetrics metrics, Clock clock, NodeIdentity node) {
        this.config = config;
        this.flowsConfig = flowsConfig;
        this.flows = flows;
        this.schedules = schedules;
        this.fires = fires;
        this.registry = registry;
        this.clock = clock;
        this.lease = new ScheduleLease(leases, config, clock, node.id());
        this.firer = new TickFirer(tx, fires, executionRows, executions, metrics, clock, node.id());
        this.outage = new OutageLog(LOG, "the schedules", clock);
    }

    @EventListener
    void onServerStartup(ServerStartupEvent event) {
        if (!config.isEnabled() || !flowsConfig.isRecover()) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flows-scheduler");
            t.setDaemon(true);
            return t;
        });
        long every = config.getPoll().toMillis();
        loop.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    /** One pass: renew the lease and, holding it, serve every schedule. Never throws (the loop must go on). */
    void poll() {
        try {
            if (lease.renew()) {
                serve(clock.instant());
            }
            outage.passed();
        } catch (RuntimeException e) {
            if (!outage.outage(e)) {
                LOG.error("schedule pass failed: {}", e.toString());
            }
        }
    }

    private void serve(Instant now) {
        Map<String, ScheduleRow> states = new HashMap<>();
        schedules.findAll().forEach(s -> states.put(s.flowId(), s));
        for (FlowRow f : flows.findByTriggerTypeAndDeletedFalseOrderById(Trigger.Type.SCHEDULE.json())) {
            ScheduleRow state = states.remove(f.id());
            if (!f.enabled()) {
                if (state != null) {
                    schedules.delete(state);
                }
                continue;
            }
            try {
                serve(f, state, now);
            } catch (RuntimeException e) {
                LOG.error("schedule of flow {} not served: {}", f.id(), e.toString());
            }
        }
        // deleted flows, and flows whose latest version has another trigger
        states.values().forEach(schedules::delete);
    }

    private void serve(FlowRow f, ScheduleRow state, Instant now) {
        Optional<FlowVersion> version = registry.version(f.id(), f.latestVersion());
        if (version.isEmpty() || version.get().flow().trigger().type() != Trigger.Type.SCHEDULE) {
            if (state != null) {
                schedules.delete(state);
            }
            return;
        }
        FlowVersion v = version.get();
        Trigger trigger = v.flow().trigger();
        CronSchedule cron = cron(trigger);
        if (state == null || !state.sameSchedule(cron)) {
            ScheduleRow fresh = new ScheduleRow(f.id(), cron.cron(), cron.zone().getId(), cron.next(now), now);
            save(fresh, state != null);
            return;
        }
        if (state.nextFireAt().isAfter(now)) {
            return;
        }
        TickPlan plan = TickPlan.of(cron, state.nextFireAt(), now, config.getMisfireThreshold(), KEEP_MISSED);
        recordMissed(v, trigger.misfireOrDefault(), plan);
        for (Instant t : plan.due()) {
            firer.fire(v, t, ScheduleFireRow.FIRED, 0);
        }
        save(new ScheduleRow(f.id(), cron.cron(), cron.zone().getId(), plan.next(), now), true);
    }

    private void recordMissed(FlowVersion v, Trigger.Misfire misfire, TickPlan plan) {
        List<Instant> missed = plan.missed();
        if (missed.isEmpty()) {
            return;
        }
        long total = plan.olderMissed() + missed.size();
        LOG.warn("flow {}: {}{} schedule ticks missed between {} and {} (misfire {})", v.flowId(),
                plan.skippedAhead() ? "at least " : "", total,
                plan.olderFrom() != null ? plan.olderFrom() : missed.get(0), missed.get(missed.size() - 1),
                misfire.json());
        // the catch-up first: a crash after it leaves only MISSED rows to record again
        Instant latest = missed.get(missed.size() - 1);
        boolean caughtUp = misfire == Trigger.Misfire.RUN_ONCE && firer.fire(v, latest, ScheduleFireRow.CATCH_UP, total);
        for (Instant t : missed) {
            if (!(caughtUp && t.equals(latest))) {
                firer.missed(v.flowId(), t, 1);
            }
        }
        if (plan.olderFrom() != null) {
            firer.missed(v.flowId(), plan.olderFrom(), plan.olderMissed());
        }
    }

    private void save(ScheduleRow row, boolean exists) {
        try {
            if (exists) {
                schedules.update(row);
            } else {
                schedules.save(row);
            }
        } catch (DataAccessException e) {
            // another node that briefly held the lease too wrote it first; either value is right
            LOG.debug("schedule of {} written concurrently: {}", row.flowId(), e.getMessage());
        }
    }

    private CronSchedule cron(Trigger trigger) {
        return parsed.computeIfAbsent(trigger.cron() + "\n" + trigger.timezone(), k -> CronSchedule.parse(trigger.cron(), trigger.timezone()));
    }

    /** The next tick of a flow's schedule, as the serving node sees it, or computed from now. */
    Instant nextFireAt(String flowId, CronSchedule cron) {
        Instant now = clock.instant();
        return schedules.findById(flowId).filter(s -> s.sameSchedule(cron)).map(ScheduleRow::nextFireAt)
                .filter(t -> t.isAfter(now)).orElseGet(() -> cron.next(now));
    }

    /** This node's id, as the lease and the fire rows it records name it. */
    String node() {
        return lease.owner();
    }

    /** Fire rows older than the execution retention go with their executions. */
    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void prune() {
        int deleted = fires.deleteRecordedBefore(clock.instant().minus(flowsConfig.getRetention()));
        if (deleted > 0) {
            LOG.info("retention: deleted {} schedule fire records older than {}", deleted, flowsConfig.getRetention());
        }
    }

    @PreDestroy
    void stop() {
        if (loop == null) {
            return;
        }
        loop.shutdown();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("could not let the schedule lease go (another node takes it when it expires): {}", e.toString());
        }
    }
}
