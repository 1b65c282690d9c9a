package io.flows.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import io.flows.engine.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flows validate FILE} checks a schedule's cron and time zone like the API does. */
class ScheduleValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void validateReportsABadCronAndABadTimeZoneWithTheirLines() throws Exception {
        Path cron = dir.resolve("cron.yaml");
        Files.writeString(cron, Schedules.flow("bad-cron", "0 0 0 31 2 *", "skip"));
        Path zone = dir.resolve("zone.yaml");
        Files.writeString(zone, Schedules.flow("bad-zone", "0 0 * * * *", "skip")
                .replace("  misfire: skip\n", "  misfire: skip\n  timezone: Europe/Berln\n"));
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, Schedules.flow("good", "0 */5 * * * *", "run-once"));

        Cli.Outcome run = Cli.run("validate", cron.toString(), zone.toString(), good.toString());
        int exit = run.exit();
        String text = run.out();
        assertThat(exit).isEqualTo(2);
        assertThat(text).contains(cron + ":4:").contains("INVALID_VALUE: trigger.cron: '0 0 0 31 2 *' never fires");
        assertThat(text).contains(zone + ":6:").contains("INVALID_VALUE: trigger.timezone: 'Europe/Berln' is not a time zone");
        assertThat(text).contains(good + ": valid");
    }
}
