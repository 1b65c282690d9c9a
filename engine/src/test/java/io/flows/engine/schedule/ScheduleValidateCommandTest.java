package io.flows.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.flows.engine.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            exit = Main.execute("validate", cron.toString(), zone.toString(), good.toString());
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).isEqualTo(2);
        assertThat(text).contains(cron + ":4:").contains("INVALID_VALUE: trigger.cron: '0 0 0 31 2 *' never fires");
        assertThat(text).contains(zone + ":6:").contains("INVALID_VALUE: trigger.timezone: 'Europe/Berln' is not a time zone");
        assertThat(text).contains(good + ": valid");
    }
}
