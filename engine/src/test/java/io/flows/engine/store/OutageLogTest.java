package io.flows.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.support.LogLines;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageLogTest {

    private final SteppedClock clock = new SteppedClock();
    private final OutageLog log = new OutageLog(LoggerFactory.getLogger(OutageLogTest.class), "the schedules", clock);

    @Test
    void anOutageIsToldWhenItStartsEveryFiveMinutesWhileItLastsAndWhenItEnds() {
        RuntimeException refused = new IllegalStateException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("Connection is not available, request timed out after 1000ms"));
        try (LogLines lines = new LogLines(OutageLogTest.class)) {
            for (int pass = 0; pass < 60; pass++) { // a pass every 6 s for 6 minutes
                assertThat(log.outage(refused)).isTrue();
                clock.advance(Duration.ofSeconds(6));
            }
            log.passed();
            log.passed();

            assertThat(lines.messages()).containsExactly(
                    "the schedules paused: the database cannot be reached (java.sql.SQLTransientConnectionException: "
                            + "Connection is not available, request timed out after 1000ms); trying again",
                    "the schedules still paused: the database cannot be reached since 2026-12-01T00:00:00Z (51 tries): "
                            + "java.sql.SQLTransientConnectionException: Connection is not available, request timed out "
                            + "after 1000ms",
                    "the schedules resumed: the database answers again after 360 s");
        }
    }

    @Test
    void otherFailuresAreLeftToTheCallerAndEndNoOutage() {
        try (LogLines lines = new LogLines(OutageLogTest.class)) {
            assertThat(log.outage(new IllegalStateException("no such column: NEXT_FIRE_AT"))).isFalse();
            log.passed();
            assertThat(lines.messages()).isEmpty();
        }
    }

    private static final class SteppedClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
