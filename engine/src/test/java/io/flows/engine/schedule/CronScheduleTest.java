package io.flows.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.dsl.validate.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static List<String> ticks(String cron, String zone, String from, int n) {
        CronSchedule s = CronSchedule.parse(cron, zone);
        List<String> out = new ArrayList<>();
        Instant t = OffsetDateTime.parse(from).toInstant();
        for (int i = 0; i < n; i++) {
            t = s.next(t);
            out.add(t.atZone(s.zone()).toOffsetDateTime().toString());
        }
        return out;
    }

    @Test
    void everyFiveMinutesInBerlin() {
        assertThat(ticks("0 */5 * * * *", "Europe/Berlin", "2026-06-01T10:02:00+02:00", 3))
                .containsExactly("2026-06-01T10:05+02:00", "2026-06-01T10:10+02:00", "2026-06-01T10:15+02:00");
    }

    @Test
    void aDailyTimeInTheHourThatRepeatsFiresOnce() {
        // 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET
        assertThat(ticks("0 30 2 * * *", "Europe/Berlin", "2026-10-24T12:00+02:00", 3))
                .containsExactly("2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00", "2026-10-27T02:30+01:00");
    }

    @Test
    void anHourlyScheduleFiresEveryRealHourWhenClocksGoBack() {
        assertThat(ticks("0 0 * * * *", "Europe/Berlin", "2026-10-25T00:30+02:00", 4))
                .containsExactly("2026-10-25T01:00+02:00", "2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00",
                        "2026-10-25T03:00+01:00");
        assertThat(ticks("0 */30 * * * *", "Europe/Berlin", "2026-10-25T01:50+02:00", 4))
                .containsExactly("2026-10-25T02:00+02:00", "2026-10-25T02:30+02:00", "2026-10-25T02:00+01:00",
                        "2026-10-25T02:30+01:00");
    }

    @Test
    void aTimeSkippedWhenClocksGoForwardDoesNotFireThatDay() {
        // 29 March 2026: clocks go forward from 02:00 CET to 03:00 CEST
        assertThat(ticks("0 30 2 * * *", "Europe/Berlin", "2026-03-28T12:00+01:00", 2))
                .containsExactly("2026-03-30T02:30+02:00", "2026-03-31T02:30+02:00");
        assertThat(ticks("0 0 * * * *", "Europe/Berlin", "2026-03-29T00:30+01:00", 3))
                .containsExactly("2026-03-29T01:00+01:00", "2026-03-29T03:00+02:00", "2026-03-29T04:00+02:00");
    }

    @Test
    void theSameCronInUtcIgnoresBerlinsClock() {
        assertThat(ticks("0 30 2 * * *", null, "2026-10-24T12:00Z", 2))
                .containsExactly("2026-10-25T02:30Z", "2026-10-26T02:30Z");
    }

    @Test
    void refusesWhatItCannotFire() {
        assertThatThrownBy(() -> CronSchedule.parse("0 61 * * * *", "UTC")).hasMessageContaining("is not a valid cron");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * *", "UTC")).hasMessageContaining("six-field");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 31 2 *", "UTC")).hasMessage("'0 0 0 31 2 *' never fires: no time in"
                + " the next 41 years matches all of its fields together; for example a day its months never have, such as 30 February, or a sixth weekday of a month");
        assertThat(CronSchedule.parse("0 0 0 29 2 *", "UTC")).as("29 February comes every fourth year").isNotNull();
        for (String weekday : List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")) {
            // 29 February on a given weekday recurs every 28 years, 40 across a century year that is no leap year
            assertThat(CronSchedule.parse("0 0 0 29 2 " + weekday, "Pacific/Kiritimati")).as(weekday).isNotNull();
        }
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 30 2 MON", "UTC")).hasMessageContaining("never fires");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 0 1 2 MON#5", "UTC")).as("1 February is never its fifth Monday")
                .hasMessageContaining("never fires");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 * * * *", "Mars/Olympus")).hasMessageContaining("not a time zone");
        assertThatThrownBy(() -> CronSchedule.parse("0 */0 * * * *", "UTC"))
                .hasMessage("'0 */0 * * * *' has a step of 0 in its minute field ('*/0'): a step is 1 or more, as in */5");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 1-5/00,8 * * *", "UTC")).hasMessageContaining("in its hour field");
        assertThat(CronSchedule.parse("0 0/10 * * * *", "UTC")).as("a start of 0 is no step").isNotNull();
    }

    @Test
    void theCronCheckLocatesACronItCannotFire() {
        String yaml = Schedules.flow("never", "0 0 0 31 2 *", "skip");
        FlowDsl.Result r = CronCheck.check(new FlowDsl().read(yaml.getBytes(StandardCharsets.UTF_8), Format.YAML));
        assertThat(r.valid()).isFalse();
        Problem p = r.problems().get(0);
        assertThat(p.code()).isEqualTo("INVALID_VALUE");
        assertThat(p.path()).isEqualTo("trigger.cron");
        assertThat(p.line()).isEqualTo(4);
        assertThat(p.message()).contains("never fires");
        FlowDsl.Result fine = new FlowDsl().read(Schedules.flow("fine", "0 */5 * * * *", "skip").getBytes(StandardCharsets.UTF_8), Format.YAML);
        assertThat(CronCheck.check(fine)).isSameAs(fine);
    }

    @Test
    void aPlanFiresRecentTicksAndCountsOlderOnesAsMissed() {
        CronSchedule everySecond = CronSchedule.parse("* * * * * *", "UTC");
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = from.plusSeconds(500);
        TickPlan plan = TickPlan.of(everySecond, from, now, Duration.ofSeconds(10), 100);
        // ticks 0..500; missed: before now-10s (0..489), due: 490..500
        assertThat(plan.due()).hasSize(11).first().isEqualTo(from.plusSeconds(490));
        assertThat(plan.missed()).hasSize(100).last().isEqualTo(from.plusSeconds(489));
        assertThat(plan.olderMissed()).isEqualTo(390);
        assertThat(plan.skippedAhead()).isFalse();
        assertThat(plan.olderFrom()).isEqualTo(from);
        assertThat(plan.next()).isEqualTo(from.plusSeconds(501));
    }

    @Test
    void aVeryLongOutageIsWalkedOnlySoFar() {
        CronSchedule everySecond = CronSchedule.parse("* * * * * *", "UTC");
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = from.plus(Duration.ofDays(30));
        long started = System.nanoTime();
        TickPlan plan = TickPlan.of(everySecond, from, now, Duration.ofMinutes(1), 100);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(plan.missed()).hasSize(100).last().isEqualTo(now.minusSeconds(61));
        assertThat(plan.olderMissed()).isGreaterThanOrEqualTo(TickPlan.MAX_WALK);
        assertThat(plan.skippedAhead()).isTrue();
        assertThat(plan.due()).hasSize(61);
    }
}
