package io.flows.engine.schedule;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's claim on the one lease row: renewed on every poll by the holder, taken over by
 * another node once it has expired. Not an advisory lock, which a dropped connection would release
 * without anyone noticing. The lease only keeps the work on one node; that a tick fires at most
 * once is the fire row's unique key, so a holder that stalls past its expiry (or a clock that is
 * ahead) can at worst make a tick late, never fire it twice.
 */
final class ScheduleLease {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleLease.class);
    static final String NAME = "schedules";

    private final ScheduleLeaseRepository leases;
    private final ScheduleConfig config;
    private final Clock clock;
    private final String owner;
    private boolean held;

    /**
     * @param node this node's id ({@code flows.node-id}): the lease names its holder as every log line and row names
     *             a node, and a holder that crashed and comes back under its id takes its lease back at once
     */
    ScheduleLease(ScheduleLeaseRepository leases, ScheduleConfig config, Clock clock, String node) {
        this.leases = leases;
        this.config = config;
        this.clock = clock;
        this.owner = node;
    }

    /** Renews or takes the lease; true while this node holds it. */
    boolean renew() {
        Instant now = clock.instant();
        boolean holds = leases.acquire(NAME, owner, now.plus(config.getLease()), now) == 1;
        if (holds != held) {
            LOG.info(holds ? "node {} now serves the schedules" : "node {} no longer serves the schedules", owner);
            held = holds;
        }
        return holds;
    }

    void release() {
        if (held) {
            leases.release(NAME, owner, clock.instant());
            held = false;
            LOG.info("node {} let the schedule lease go", owner);
        }
    }

    String owner() {
        return owner;
    }
}
