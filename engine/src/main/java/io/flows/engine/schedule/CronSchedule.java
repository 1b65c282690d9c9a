package io.flows.engine.schedule;

import io.micronaut.scheduling.cron.CronExpression;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A six-field cron (seconds first) in a time zone, and its next tick. The expression is Micronaut's
 * {@link CronExpression}; this adds one rule for the hour that repeats when clocks go back: a
 * wall-clock time in it fires once (at its first occurrence) unless the hour field starts with
 * {@code *}, as in Vixie cron, so {@code 0 30 2 * * *} runs once that night and {@code 0 0 * * * *}
 * still every real hour. A wall-clock time skipped when clocks go forward does not fire that day.
 */
public final class CronSchedule {

    private final String cron;
    private final ZoneId zone;
    private final CronExpression expression;
    private final boolean wildcardHour;

    private CronSchedule(String cron, ZoneId zone, CronExpression expression, boolean wildcardHour) {
        this.cron = cron;
        this.zone = zone;
        this.expression = expression;
        this.wildcardHour = wildcardHour;
    }

    /**
     * Parses and checks that the schedule fires at all.
     *
     * @param timezone an IANA zone id, or null for UTC
     * @throws IllegalArgumentException saying what is wrong
     */
    private static final String[] FIELD_NAMES = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};

    public static CronSchedule parse(String cron, String timezone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timezone == null ? "UTC" : timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + timezone + "' is not a time zone");
        }
        String[] fields = cron.trim().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("'" + cron + "' is not a six-field cron (second minute hour day month weekday)");
        }
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].matches("(.*,)?[^,]*/0+(,.*)?")) {
                throw new IllegalArgumentException("'" + cron + "' has a step of 0 in its " + FIELD_NAMES[i] + " field ('"
                        + fields[i] + "'): a step is 1 or more, as in */5");
            }
        }
        CronExpression expression;
        try {
            expression = CronExpression.create(cron.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a valid cron: " + e.getMessage());
        }
        CronSchedule schedule = new CronSchedule(cron.trim(), zone, expression, fields[2].startsWith("*"));
        try {
            schedule.next(Instant.now());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + cron + "' never fires (" + e.getMessage() + ")");
        }
        return schedule;
    }

    /** The first tick strictly after {@code after}. */
    public Instant next(Instant after) {
        ZonedDateTime t = expression.nextTimeAfter(after.atZone(zone));
        while (!wildcardHour && isRepeatedWallClock(t)) {
            t = expression.nextTimeAfter(t);
        }
        return t.toInstant();
    }

    /** Whether {@code t} is the second occurrence of a wall-clock time (the hour after clocks went back). */
    private boolean isRepeatedWallClock(ZonedDateTime t) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(t.toLocalDateTime());
        return offsets.size() == 2 && t.getOffset().equals(offsets.get(1));
    }

    public String cron() {
        return cron;
    }

    public ZoneId zone() {
        return zone;
    }
}
