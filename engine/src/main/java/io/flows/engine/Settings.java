package io.flows.engine;

import java.time.Duration;
import java.util.Locale;

/**
 * Checks of settings whose value has the right form but cannot be meant: a negative retention deleted every ended
 * execution at the first pass, a maximum of 0 running executions queued every start for ever. Refused at the start,
 * in one line that names the environment variable too.
 */
final class Settings {

    private Settings() {
    }

    static int positive(String property, int value) {
        if (value <= 0) {
            throw refused(property, String.valueOf(value), "a whole number above 0");
        }
        return value;
    }

    static Duration positive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw refused(property, String.valueOf(value), "a duration above 0 (500ms, 90s, 12h, 30d)");
        }
        return value;
    }

    static double notNegative(String property, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw refused(property, String.valueOf(value), "a number of 0 or more");
        }
        return value;
    }

    private static StartRefused refused(String property, String value, String expected) {
        String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        return new StartRefused(variable + " (" + property + ") must be " + expected + ", not " + value
                + "; the settings are listed in docs/operations.md");
    }
}
