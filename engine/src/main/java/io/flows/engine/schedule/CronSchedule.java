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
     * How far ahead a cron must fire at least once. Whether a day matches its day, month and weekday fields (L, W and #
     * included) depends only on its year's kind: leap or not, and the weekday it starts on. Any 40 years in a row hold
     * all 14 kinds, the skipped leap day of 2100, 2200 and 2300 included (29 February on a Monday: 2044, then 2072,
     * 2112 ...), so a cron that fires at all fires within 41 years of any moment. One that never does takes about a
     * millisecond to search (four years took a tenth), and refused 0 0 0 29 2 MON, which first fires in 2044.
     */
    private static final int SEARCHED_YEARS = 41;
    private static final String[] FIELD_NAMES = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};

    /**
     * Parses and checks that the schedule fires at all.
     *
     * @param timezone an IANA zone id, or null for UTC
     * @throws IllegalArgumentException saying what is wrong
     */
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
        ZonedDateTime now = Instant.now().atZone(zone);
        try {
            expression.nextTimeAfter(now, now.plusYears(SEARCHED_YEARS));
        } catch (RuntimeException e) {
            // the library's message is about its search ("... before the limit of 2030-11-30T13:47:31.74Z[UTC]")
            throw new IllegalArgumentException("'" + cron + "' never fires: no time in the next " + SEARCHED_YEARS
                    + " years matches all of its fields together; for example a day its months never have, such as 30 February, or a sixth weekday of a month");
        }
        return new CronSchedule(cron.trim(), zone, expression, fields[2].startsWith("*"));
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
