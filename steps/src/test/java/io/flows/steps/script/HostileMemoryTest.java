package io.flows.steps.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Memory bombs run in a forked JVM with a 512 MB heap: each must fail with SCRIPT_LIMIT, and the JVM lives. */
class HostileMemoryTest {

    @Test
    void memoryBombsFailWithScriptLimitAndTheJvmStaysHealthy() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path output = Files.createTempFile("hostile-memory", ".log");
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, HostileMemoryMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        boolean finished = p.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        assertThat(finished).as("forked JVM finished").isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        List<String> lines = log.lines().toList();
        for (String bomb : HostileMemoryMain.BOMBS.keySet()) {
            assertThat(lines).as(log).anyMatch(l -> l.startsWith("BOMB " + bomb + " -> SCRIPT_LIMIT"));
            assertThat(lines).as(log).contains("AFTER " + bomb + " -> [2,4,6]");
        }
        assertThat(log).contains("DONE failures=0");
        Files.deleteIfExists(output);
        assertThat(new File(classpath.split(File.pathSeparator)[0])).exists();
    }
}
