package io.flows.engine.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The ticks of one schedule from where it stood up to now: those still within the misfire
 * threshold fire (late by at most the threshold), older ones were missed. A long outage is
 * summarised: the latest {@code keep} missed ticks one by one, the ones before them as a count.
 *
 * @param due         ticks to fire now, oldest first
 * @param missed      the latest missed ticks, oldest first (at most {@code keep})
 * @param olderMissed how many missed ticks came before {@code missed} (a lower bound when {@code skippedAhead})
 * @param olderFrom   the first of those older ticks, or null when there are none
 * @param next        the first tick after now: where the schedule stands afterwards
 * @param skippedAhead whether the walk skipped ticks it did not count (an outage of more than {@link #MAX_WALK} ticks)
 */
record TickPlan(List<Instant> due, List<Instant> missed, long olderMissed, Instant olderFrom, Instant next,
                boolean skippedAhead) {

    /** About a day of an every-second cron: walking it costs a second or so; beyond it the walk skips ahead. */
    static final int MAX_WALK = 100_000;

    static TickPlan of(CronSchedule cron, Instant from, Instant now, Duration threshold, int keep) {
        Instant cutoff = now.minus(threshold);
        List<Instant> due = new ArrayList<>();
        Deque<Instant> missed = new ArrayDeque<>();
        long older = 0;
        Instant olderFrom = null;
        int walked = 0;
        boolean skipped = false;
        Instant t = from;
        while (!t.isAfter(now)) {
            if (t.isBefore(cutoff)) {
                missed.addLast(t);
                if (missed.size() > keep) {
                    Instant dropped = missed.removeFirst();
                    olderFrom = olderFrom == null ? dropped : olderFrom;
                    older++;
                }
                if (++walked == MAX_WALK) {
                    // skip ahead to shortly before the cutoff; the skipped ticks are not counted
                    Duration span = Duration.between(missed.getFirst(), missed.getLast());
                    Instant ahead = cutoff.minus(span.multipliedBy(2)).minusSeconds(1);
                    if (ahead.isAfter(t)) {
                        older += missed.size();
                        olderFrom = olderFrom == null ? missed.getFirst() : olderFrom;
                        missed.clear();
                        t = ahead;
                        skipped = true;
                    }
                }
            } else {
                due.add(t);
            }
            t = cron.next(t);
        }
        return new TickPlan(due, List.copyOf(missed), older, olderFrom, t, skipped);
    }
}
