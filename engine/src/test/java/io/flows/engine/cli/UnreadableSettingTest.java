package io.flows.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.flows.engine.support.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As an operator sees it: a setting written in a form Flows cannot read ({@code FLOWS_RETENTION=banana}) stops the
 * start with one line naming the value, not Micronaut's dependency-injection trace.
 */
class UnreadableSettingTest {

    @Test
    void aSettingThatCannotBeReadStopsTheStartWithOneLine(@TempDir Path data) throws Exception {
        TestService.Exited exited = TestService.runUntilItExits(data, Map.of("FLOWS_RETENTION", "banana"));
        List<String> lines = exited.lines();
        assertThat(exited.code()).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).as(String.join("\n", lines))
                .filteredOn(l -> l.contains("a setting has a value Flows cannot read") && l.contains("banana")).hasSize(1)
                .allMatch(l -> l.contains(" ERROR ") && l.contains("docs/operations.md"));
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Path Taken"));
    }

    @Test
    void aSettingThatCannotBeMeantStopsTheStartWithOneLine(@TempDir Path data) throws Exception {
        // a negative retention deleted every ended execution at the first pass
        TestService.Exited exited = TestService.runUntilItExits(data, Map.of("FLOWS_RETENTION", "-5d"));
        List<String> lines = exited.lines();
        assertThat(exited.code()).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).as(String.join("\n", lines))
                .filteredOn(l -> l.contains("FLOWS_RETENTION (flows.retention) must be a duration above 0")
                        && l.contains("not PT-120H")).hasSize(1);
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Path Taken"));
    }
}
