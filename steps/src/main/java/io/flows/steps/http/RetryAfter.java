package io.flows.steps.http;

import java.time.Duration;
import java.time.Instant;
import org.apache.hc.client5.http.utils.DateUtils;

/** A {@code Retry-After} header (RFC 9110 §10.2.3): seconds to wait, or the date to wait for. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** How long {@code header} asks to wait from {@code now}, in milliseconds; null when it is absent or unreadable. */
    public static Long millis(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            // beyond nine digits (31 years) the wait is capped anyway; this also keeps the number a long
            return value.length() > 9 ? Duration.ofSeconds(999_999_999L).toMillis() : Long.parseLong(value) * 1000;
        }
        Instant at = DateUtils.parseStandardDate(value);
        return at == null ? null : Math.max(0, Duration.between(now, at).toMillis());
    }
}
