package io.flows.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;
import io.flows.engine.support.Cli;
import io.flows.engine.support.Cli.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @TempDir
    Path dir;

    private static Outcome flows(String... args) {
        return Cli.run(args);
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void validateListsEveryProblemWithFileLineColumnCodeAndPath() throws Exception {
        Path f = write("broken.yaml", """
                id: broken
                steps:
                  - id: notify
                    type: conector-call
                  - id: wait
                    type: delay
                    duration: 5 seconds
                  - { id: calc, type: transform, script: "return {" }
                """);
        Outcome o = flows("validate", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.out()).contains(f + ":4:11: UNKNOWN_STEP_KIND: steps[0].type: step 'notify' has unknown type 'conector-call' (did you mean 'connector-call'?)");
        assertThat(o.out()).contains(f + ":7:15: BAD_DURATION: steps[1].duration:");
    }

    @Test
    void validateListsScriptAndCronProblemsBesideTheOtherProblemsOfADocument() throws Exception {
        Path f = write("everything.yaml", """
                id: everything
                trigger: { type: schedule, cron: "0 0 0 3x 2 *", timezone: Europe/Berln }
                steps:
                  - { id: wait, type: delay, duration: soon }
                  - id: calc
                    type: transform
                    script: "return { a: };"
                """);
        Outcome o = flows("validate", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.out().lines().filter(l -> l.startsWith(f + ":")).map(l -> l.substring(f.toString().length())))
                .as("every problem at once, in document order")
                .satisfiesExactly(
                        l -> assertThat(l).startsWith(":2:").contains("INVALID_VALUE: trigger.cron: '0 0 0 3x 2 *' is not a valid cron"),
                        l -> assertThat(l).startsWith(":2:").contains("INVALID_VALUE: trigger.timezone: 'Europe/Berln'"),
                        l -> assertThat(l).startsWith(":4:").contains("BAD_DURATION: steps[0].duration"),
                        l -> assertThat(l).startsWith(":7:").contains("SCRIPT_SYNTAX: steps[1].script"));
    }

    @Test
    void aWrongValueGetsOneProblemAndNoWarningWhateverStageFindsIt() throws Exception {
        Path f = write("once.yaml", """
                id: once
                steps:
                  - { id: wait, type: delay, duration: "${x +}" }
                  - { id: calc, type: transform, set: { a: "${inptu.a +}" } }
                """);
        Outcome o = flows("validate", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.out().lines().filter(l -> l.startsWith(f + ":")).map(l -> l.substring(f.toString().length())))
                .satisfiesExactly(
                        l -> assertThat(l).startsWith(":3:").contains("BAD_DURATION: steps[0].duration"),
                        l -> assertThat(l).startsWith(":4:").contains("EXPRESSION_SYNTAX: steps[1].set.a"));
    }

    @Test
    void everyCommandExplainsItselfOnHelp() {
        for (String command : List.of("validate", "run", "export", "import", "token", "serve")) {
            Outcome o = flows(command, "--help");
            assertThat(o.exit()).as(command + " --help").isZero();
            assertThat(o.out()).as(command + " --help").contains("Usage: flows " + command);
        }
        Outcome sub = flows("token", "create", "-h");
        assertThat(sub.exit()).isZero();
        assertThat(sub.out()).contains("Usage: flows token create");
        Outcome none = flows("token");
        assertThat(none.exit()).as("a missing subcommand is a usage error").isEqualTo(2);
        assertThat(none.err()).contains("Missing required subcommand").contains("Usage: flows token");
    }

    @Test
    void validateFindsScriptSyntaxErrorsWithoutRunningThem() throws Exception {
        Path f = write("syntax.yaml", """
                id: syntax
                steps:
                  - id: calc
                    type: transform
                    script: |
                      const a = 1;
                      return { a: };
                  - { id: shape, type: transform, set: { x: "${input.a +}" } }
                """);
        Outcome o = flows("validate", f.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.out()).contains("SCRIPT_SYNTAX: steps[0].script").contains(f + ":7:");
        assertThat(o.out()).contains("EXPRESSION_SYNTAX: steps[1].set.x");
    }

    @Test
    void validateAcceptsAValidFile() throws Exception {
        Path f = write("ok.json", "{\"id\":\"ok\",\"steps\":[{\"id\":\"a\",\"type\":\"transform\",\"script\":\"return 1\"}]}");
        Outcome o = flows("validate", f.toString());
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("valid");
    }

    @Test
    void validatePrintsWarningsButStillAcceptsTheFile() throws Exception {
        Path f = write("qa.yaml", """
                id: qa
                steps:
                  - id: down
                    type: error-injection
                    mode: fail
                    latency: { min: 2s }
                """);
        Outcome o = flows("validate", f.toString());
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains(f + ": valid")
                .contains(f + ":6:14: warning: IGNORED_FIELD: steps[0].latency: mode fail does not use latency");
    }

    @Test
    void runPrintsTheExecutionAndExitsZeroOnSuccessOneOnFailure() throws Exception {
        Path ok = write("sum.yaml", """
                id: sum
                vars: { factor: 1 }
                steps:
                  - { id: total, type: transform, script: "return { total: (input.a + input.b) * vars.factor }" }
                """);
        Outcome o = flows("run", ok.toString(), "--input", "{\"a\":1,\"b\":2}", "--var", "factor=10");
        assertThat(o.exit()).isZero();
        assertThat(o.out()).contains("\"status\" : \"SUCCEEDED\"").contains("\"total\" : 30");
        // the times as the API answers them: milliseconds, and queuedAt
        assertThat(o.out()).containsPattern("\"startedAt\" : \"[0-9T:-]+(\\.[0-9]{3})?Z\"")
                .containsPattern("\"queuedAt\" : \"[0-9T:-]+(\\.[0-9]{3})?Z\"");
        assertThat(o.err()).doesNotContain("--var");

        Outcome typo = flows("run", ok.toString(), "--input", "{\"a\":1,\"b\":2}", "--var", "Factor=10");
        assertThat(typo.exit()).as("a warning, not a failure").isZero();
        assertThat(typo.out()).contains("\"total\" : 3").doesNotContain("\"total\" : 30");
        assertThat(typo.err()).contains("warning: --var Factor: the flow declares no var 'Factor' (its vars: factor);"
                + " it is passed all the same");

        Path input = write("input.json", "{\"a\":1}");
        Outcome failed = flows("run", ok.toString(), "--input", "@" + input);
        assertThat(failed.exit()).as("(1 + undefined) * 10 is NaN, which JSON cannot hold").isEqualTo(1);
        assertThat(failed.out()).contains("\"code\" : \"SCRIPT_ERROR\"").contains("Script returned NaN at total");

        Path fails = write("fails.yaml", "id: fails\nsteps: [ { id: boom, type: error-injection, mode: fail } ]\n");
        Outcome f = flows("run", fails.toString());
        assertThat(f.exit()).isEqualTo(1);
        assertThat(f.out()).contains("\"code\" : \"INJECTED\"");
    }

    @Test
    void runPrintsWhatAFailedScriptLoggedBeforeItFailed() throws Exception {
        Path f = write("logs.yaml", """
                id: logs
                steps:
                  - id: check
                    type: transform
                    script: "console.log('step 1 reached', input.x); throw new Error('bad input ' + input.x);"
                """);
        Outcome o = flows("run", f.toString(), "--input", "{\"x\":5}");
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out()).contains("\"code\" : \"SCRIPT_ERROR\"").contains("\"logs\" : [ \"step 1 reached 5\" ]");
    }

    @Test
    void runPrintsAnExecutionWhoseInputNestsAsDeepAsTheApiAccepts() throws Exception {
        Path pause = write("pause.yaml", "id: pause\nsteps: [ { id: wait, type: delay, duration: 1ms } ]\n");
        Path deep = write("deep.json", "[".repeat(1000) + "]".repeat(1000));
        Outcome o = flows("run", pause.toString(), "--input", "@" + deep);
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("\"status\" : \"SUCCEEDED\"");
        Path deeper = write("deeper.json", "[".repeat(1001) + "]".repeat(1001));
        assertThat(flows("run", pause.toString(), "--input", "@" + deeper).exit()).isEqualTo(2);
    }

    @Test
    void runRefusesBadInputAnInvalidFileAndBadUsageWithExitTwo() throws Exception {
        Path ok = write("ok.yaml", "id: ok\nsteps: [ { id: a, type: transform, script: \"return 1\" } ]\n");
        assertThat(flows("run", ok.toString(), "--input", "{not json").exit()).isEqualTo(2);
        assertThat(flows("run", ok.toString(), "--var", "novalue").exit()).isEqualTo(2);
        assertThat(flows("run", dir.resolve("missing.yaml").toString()).exit()).isEqualTo(2);
        Path bad = write("bad.yaml", "id: bad\nsteps: [ { id: a, type: nope } ]\n");
        Outcome o = flows("run", bad.toString());
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("UNKNOWN_STEP_KIND");
        assertThat(flows("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void importOnTheDatabaseRefusesTwoFilesDeclaringOneFlowIdBeforeTouchingIt() throws Exception {
        Path flows = Files.createDirectory(dir.resolve("flows"));
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Files.writeString(flows.resolve("a.yaml"), "id: same\nsteps: [ { id: a, type: transform, script: \"return 1\" } ]\n");
        Files.writeString(flows.resolve("b.json"), "{\"id\":\"same\",\"steps\":[]}");

        Outcome o = withDataDir(dataDir, () -> flows("import", flows.toString(), "--database"));

        assertThat(o.exit()).as(o.toString()).isEqualTo(2);
        assertThat(o.err()).contains("flow id 'same' is declared in 2 files: " + flows.resolve("a.yaml") + ", "
                + flows.resolve("b.json")).contains("nothing imported");
        try (var files = Files.list(dataDir)) {
            assertThat(files).as("no database created").isEmpty();
        }

        Files.delete(flows.resolve("b.json"));
        Outcome alone = withDataDir(dataDir, () -> flows("import", flows.toString(), "--database"));
        assertThat(alone.exit()).as(alone.toString()).isZero();
        assertThat(alone.out()).contains("a.yaml: same created");

        Files.writeString(flows.resolve("a.yaml"), "id: same\nsteps: [ { id: a, type: transform, script: \"return 2\" } ]\n");
        Outcome changed = withDataDir(dataDir, () -> flows("import", flows.toString(), "--database"));
        assertThat(changed.exit()).as(changed.toString()).isZero();
        assertThat(changed.out()).as("the version's number, not the version with its text")
                .contains("a.yaml: same version 2\n").doesNotContain("FlowVersion[");

        // a file an editor saved with a byte order mark is unchanged when its text is
        Files.write(flows.resolve("a.yaml"), ("\uFEFF" + Files.readString(flows.resolve("a.yaml")))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Outcome withBom = withDataDir(dataDir, () -> flows("import", flows.toString(), "--database"));
        assertThat(withBom.out()).as(withBom.toString()).contains("a.yaml: same unchanged");

        // an extension written in capitals (a file from a Windows export) is a flow file too
        Files.writeString(flows.resolve("UPPER.YML"), "id: upper\nsteps: []\n");
        Outcome upper = withDataDir(dataDir, () -> flows("import", flows.toString(), "--database"));
        assertThat(upper.out()).as(upper.toString()).contains("UPPER.YML: upper created");
    }

    @Test
    void exportOnADatabaseARunningServiceHoldsSaysSoInASentence() throws Exception {
        Path flows = Files.createDirectory(dir.resolve("flows"));
        Path dataDir = Files.createDirectory(dir.resolve("data"));
        Files.writeString(flows.resolve("a.yaml"), "id: a\nsteps: []\n");
        assertThat(withDataDir(dataDir, () -> flows("import", flows.toString(), "--database")).exit()).isZero();

        // the lock a running service holds on its H2 file (another process's lock reads the same to H2)
        Path file = dataDir.resolve("flows.mv.db");
        Outcome o;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            o = withDataDir(dataDir, () -> flows("export", dir.resolve("out").toString(), "--database"));
        }
        assertThat(o.exit()).as(o.toString()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("export failed: the database " + file.toAbsolutePath().normalize() + " is in use "
                + "by a running service (an H2 database is opened by one process at a time): work through the service's "
                + "API instead (leave out --database, or give --url with its address), or stop the service first\n");
    }

    /** Runs a command with {@code flows.data-dir} pointing at {@code dataDir}, as the service's folder would. */
    private static Outcome withDataDir(Path dataDir, Supplier<Outcome> command) {
        String previous = System.getProperty("flows.data-dir");
        System.setProperty("flows.data-dir", dataDir.toString());
        try {
            return command.get();
        } finally {
            if (previous == null) {
                System.clearProperty("flows.data-dir");
            } else {
                System.setProperty("flows.data-dir", previous);
            }
        }
    }
}
