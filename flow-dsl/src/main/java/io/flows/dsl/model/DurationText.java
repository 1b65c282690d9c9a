package io.flows.dsl.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as written in a flow: a whole number and a unit, {@code 500ms}, {@code 5s},
 * {@code 2m} or {@code 1h}. Keeps the text so a flow comes back as it was written.
 */
public record DurationText(String text, Duration value) {

    /** The pattern the JSON Schema publishes for every duration field. */
    public static final String PATTERN = "^[0-9]{1,9}(ms|s|m|h)$";
    private static final Pattern FORMAT = Pattern.compile(PATTERN);

    @JsonCreator
    public static DurationText parse(String text) {
        // no spaces around it either: the JSON Schema's pattern refuses them, and so does every API that reads one
        Matcher m = FORMAT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use a number and ms, s, m or h, e.g. 500ms, 5s, 2m, 1h)");
        }
        long n = Long.parseLong(m.group().replaceAll("[a-z]+$", ""));
        Duration d = switch (m.group(1)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        return new DurationText(text, d);
    }

    public static boolean isValid(String text) {
        return text != null && FORMAT.matcher(text).matches();
    }

    /**
     * {@code d} written as a flow writes a duration: a whole number of the largest unit that holds it exactly
     * ({@code 250ms}, {@code 1s}, {@code 90s}, {@code 2m}, {@code 1h}), to the nearest millisecond. Every message
     * that names a duration (a timeout, a deadline, a range) says it this way, so it reads as the flow said it and
     * can be written back into one.
     */
    public static String format(Duration d) {
        long ms = d.plusNanos(500_000).toMillis();
        if (ms == 0) {
            return "0ms";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    public static DurationText ofMillis(long ms) {
        return new DurationText(ms + "ms", Duration.ofMillis(ms));
    }

    public long toMillis() {
        return value.toMillis();
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
