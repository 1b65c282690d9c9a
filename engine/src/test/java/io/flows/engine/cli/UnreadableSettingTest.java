package io.flows.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As an operator sees it: a setting written in a form Flows cannot read ({@code FLOWS_RETENTION=banana}) stops the
 * start with one line naming the value, not Micronaut's dependency-injection trace.
 */
class UnreadableSettingTest {

    @Test
    void aSettingThatCannotBeReadStopsTheStartWithOneLine(@TempDir Path data) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dlogback.configurationFile=logback.xml", "io.flows.engine.cli.Main");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("FLOWS_") || k.startsWith("MICRONAUT_") || k.startsWith("DATASOURCES_"));
        env.put("FLOWS_DATA_DIR", data.toString());
        env.put("FLOWS_LOAD_SAMPLES", "false");
        env.put("MICRONAUT_SERVER_PORT", "-1");
        env.put("FLOWS_RETENTION", "banana");
        Path log = data.resolve("service.log");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the service exits").isTrue();
        } finally {
            p.destroyForcibly();
        }
        List<String> lines = Files.readAllLines(log);
        assertThat(p.exitValue()).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).as(String.join("\n", lines))
                .filteredOn(l -> l.contains("a setting has a value Flows cannot read") && l.contains("banana")).hasSize(1)
                .allMatch(l -> l.contains(" ERROR ") && l.contains("docs/operations.md"));
        assertThat(lines).as("no stack trace").noneMatch(l -> l.startsWith("\tat ") || l.contains("Path Taken"));
    }
}
