package io.flows.engine.service;

import io.flows.engine.FlowsConfig;
import io.flows.engine.StartRefused;
import io.flows.engine.hooks.WebhookService;
import io.flows.engine.store.NodeRepository;
import io.flows.engine.store.NodeRow;
import io.flows.engine.store.OutageLog;
import io.micronaut.context.annotation.Property;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's heartbeat in the database and takes over the work of nodes that stopped
 * (DESIGN.md §5): their running executions are marked INTERRUPTED, their queued executions and
 * unprocessed webhook deliveries run here. An embedded H2 file is open in one process at a time, so
 * there every other node has stopped; on PostgreSQL a node has stopped once its heartbeat is older
 * than {@code flows.node-timeout}.
 */
@Singleton
public class NodeWatch {

    private static final Logger LOG = LoggerFactory.getLogger(NodeWatch.class);

    private final NodeRepository nodes;
    private final String id;
    private final ExecutionService executions;
    private final WebhookService webhooks;
    private final FlowsConfig config;
    private final Clock clock;
    private final OutageLog outage;
    private final boolean embedded;
    /** Since when this node's heartbeats have gone through on time; null after one failed. */
    private volatile Instant beatingSince;
    /** When this node's last heartbeat went through. */
    private volatile Instant lastBeat;
    private ScheduledExecutorService timer;

    public NodeWatch(NodeRepository nodes, NodeIdentity identity, ExecutionService executions, WebhookService webhooks,
                     FlowsConfig config, Clock clock, @Property(name = "datasources.default.url") String url) {
        this.nodes = nodes;
        this.id = identity.id();
        this.executions = executions;
        this.webhooks = webhooks;
        this.config = config;
        this.clock = clock;
        this.outage = new OutageLog(LOG, "the node's heartbeat", clock);
        this.embedded = url.startsWith("jdbc:h2:");
    }

    /** Before anything runs here: registers this node and recovers what earlier processes left open. */
    public synchronized void start() {
        if (!embedded) {
            refuseToTwin();
        }
        Instant now = clock.instant();
        if (nodes.restarted(id, now, heartbeatMillis()) == 0) {
            nodes.save(new NodeRow(id, now, now, heartbeatMillis()));
        }
        beatingSince = now;
        lastBeat = now;
        LOG.info("node {}: recovering the work left open by earlier processes", id);
        executions.recover();
        webhooks.recover();
        takeOverStopped(true);
        executions.takeOver(null);
        webhooks.takeOver(null);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flows-node-watch");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, config.getNodeHeartbeat().toMillis());
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Two processes under one node id take each other's running executions for a crashed predecessor's and mark them
     * INTERRUPTED while they run (the default id is the same for two nodes started from one folder). A heartbeat under
     * this id younger than 1.5 heartbeats is either a predecessor that died moments ago or a live twin: wait until it
     * would have beaten again, and refuse to start if it did. A stopped or long-dead predecessor costs no wait. The
     * wait goes by the other's heartbeat interval where it is stored (a twin configured to beat less often than this
     * process would otherwise look dead), but never beyond {@code flows.node-timeout}: a node silent for that long is
     * presumed stopped anyway.
     */
    private void refuseToTwin() {
        Optional<NodeRow> other = nodes.findById(id);
        if (other.isEmpty()) {
            return;
        }
        Instant seen = other.get().heartbeatAt();
        Duration beatWithin = heartbeatOf(other.get()).multipliedBy(3).dividedBy(2);
        Duration wait = Duration.between(clock.instant(), seen.plus(beatWithin));
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(Math.min(wait.toMillis(), beatWithin.toMillis()) + 1); // capped: the other's clock may run ahead
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Optional<Instant> now = nodes.findById(id).map(NodeRow::heartbeatAt);
        if (now.isPresent() && now.get().isAfter(seen)) {
            throw new StartRefused("another process is running as node '" + id + "' on this database (its "
                    + "heartbeat went on at " + now.get() + "): give each node its own FLOWS_NODE_ID (the default, host "
                    + "name plus data folder, is the same for two nodes started from one folder)");
        }
    }

    private long heartbeatMillis() {
        return config.getNodeHeartbeat().toMillis();
    }

    /** The slower of the other's heartbeat and this one's, bounded by the node timeout. */
    private Duration heartbeatOf(NodeRow other) {
        Duration own = config.getNodeHeartbeat();
        Duration theirs = other.heartbeatMillis() == null ? own : Duration.ofMillis(other.heartbeatMillis());
        Duration slower = theirs.compareTo(own) > 0 ? theirs : own;
        return slower.compareTo(config.getNodeTimeout()) > 0 ? config.getNodeTimeout() : slower;
    }

    private void tick() {
        try {
            Instant beat = clock.instant();
            if (nodes.beat(id, beat) == 0) {
                LOG.error("node {} was presumed stopped by another node (no heartbeat for {}); executions it still runs "
                        + "may also have been run or interrupted there", id, config.getNodeTimeout());
                Instant now = clock.instant();
                nodes.save(new NodeRow(id, now, now, heartbeatMillis()));
            }
            Instant done = clock.instant();
            // a heartbeat that failed, or went through late (it waited for a connection while the database was away),
            // starts the streak again: the other nodes could not beat meanwhile either
            if (beatingSince == null || lastBeat == null
                    || Duration.between(lastBeat, done).compareTo(config.getNodeHeartbeat().multipliedBy(2)) > 0) {
                beatingSince = done;
            }
            lastBeat = done;
            takeOverStopped(false);
            outage.passed();
        } catch (RuntimeException e) {
            beatingSince = null;
            if (outage.outage(e)) {
                return;
            }
            LOG.warn("node {}: heartbeat or take-over failed, trying again in {}: {}", id, config.getNodeHeartbeat(),
                    e.getMessage());
        }
    }

    /** On H2 only at start: the file is this process's alone, so nothing of another node appears later. */
    private synchronized void takeOverStopped(boolean starting) {
        if (embedded && !starting) {
            return;
        }
        Instant cutoff = clock.instant().minus(config.getNodeTimeout());
        if (!starting && (beatingSince == null || beatingSince.isAfter(cutoff))) {
            // this node's own heartbeats have gone through for less than the node timeout: after an outage of the
            // database every node's heartbeat is old, the live ones' too, until they have had that long to beat again
            return;
        }
        Set<String> stopped = new LinkedHashSet<>();
        if (embedded) {
            stopped.addAll(executions.openOwners());
            stopped.addAll(webhooks.openOwners());
            nodes.findAll().forEach(n -> stopped.add(n.id()));
        } else {
            nodes.findByHeartbeatAtLessThan(cutoff).forEach(n -> stopped.add(n.id()));
        }
        stopped.remove(id);
        for (String node : stopped) {
            int taken = executions.takeOver(node, embedded ? null : cutoff);
            int deliveries = webhooks.takeOver(node);
            if (taken + deliveries > 0) {
                LOG.warn("node {} stopped: node {} took over {} executions and {} webhook deliveries", node, id, taken,
                        deliveries);
            }
            if (embedded) {
                nodes.deleteById(node);
            } else {
                nodes.forget(node, cutoff);
            }
        }
    }

    /**
     * A clean stop: this node's heartbeat is dated back so that another node takes over at once
     * what it leaves open (a restart of this node recovers it as well).
     */
    @PreDestroy
    void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        try {
            nodes.beat(id, Instant.EPOCH);
        } catch (RuntimeException e) {
            LOG.debug("node {}: could not mark itself stopped: {}", id, e.getMessage());
        }
    }
}
