package io.flows.engine.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * The log of a background loop that uses the database every few seconds. A database outage is told when it starts,
 * every {@link #REMINDER} while it lasts, and when the loop works again — not in a line each pass, which buried
 * everything else in the log while the database was away.
 */
public final class OutageLog {

    static final Duration REMINDER = Duration.ofMinutes(5);

    private final Logger log;
    private final String loop;
    private final Clock clock;
    private Instant since;
    private Instant told;
    private long failedPasses;

    /** {@code loop} names what pauses, for "… paused: …" (e.g. "the schedules"). */
    public OutageLog(Logger log, String loop, Clock clock) {
        this.log = log;
        this.loop = loop;
        this.clock = clock;
    }

    /**
     * Logs {@code failure} if it is the database being out of reach, and says whether it was; the caller logs any
     * other failure itself (a fault to look at each time).
     */
    public synchronized boolean outage(Throwable failure) {
        if (!DatabaseUnreachable.in(failure)) {
            return false;
        }
        Instant now = clock.instant();
        failedPasses++;
        if (since == null) {
            since = now;
            told = now;
            log.warn("{} paused: the database cannot be reached ({}); trying again", loop,
                    DatabaseUnreachable.reason(failure));
        } else if (!now.isBefore(told.plus(REMINDER))) {
            told = now;
            log.warn("{} still paused: the database cannot be reached since {} ({} tries): {}", loop, since,
                    failedPasses, DatabaseUnreachable.reason(failure));
        }
        return true;
    }

    /** The loop's pass went through: ends an outage, if one was told. */
    public synchronized void passed() {
        if (since != null) {
            log.info("{} resumed: the database answers again after {} s", loop,
                    Duration.between(since, clock.instant()).toSeconds());
            since = null;
            failedPasses = 0;
        }
    }
}
