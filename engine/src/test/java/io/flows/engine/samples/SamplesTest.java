package io.flows.engine.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.kinds.StepKinds;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowLoader;
import io.flows.engine.runtime.FlowVersion;
import io.flows.steps.runtime.TraceEntry;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import io.flows.engine.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every flow under {@code samples/} against the sandbox partner on a local port and compares
 * its output with the {@code <id>.expected.json} beside it (or its error code with
 * {@code <id>.expected-error.json}). A new sample is picked up by dropping its three files in.
 *
 * <p>Vars that point at the default sandbox ({@code http://localhost:8080/sandbox...}) are pointed
 * at the local server. Run with {@code -Dsamples.write=true} to (re)write the expected outputs of
 * samples that succeed, then review the diff.
 */
class SamplesTest {

    static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();
    private static final String DEFAULT_SANDBOX = "http://localhost:8080/sandbox";
    /** The partner's clock: answers that carry a time are the same on every run. */
    private static final Clock PARTNER_CLOCK = Clock.fixed(Instant.parse("2026-03-02T08:00:00Z"), ZoneOffset.UTC);

    private static SandboxServer sandbox;
    private static FlowEngine engine;
    private static FlowLoader loader;
    private static final Map<String, FlowVersion> catalog = new ConcurrentHashMap<>();
    /** Each run compiles afresh, so error-injection call counters start at 1 for every run. */
    private static final AtomicInteger versions = new AtomicInteger(100);

    @BeforeAll
    static void start() throws IOException {
        sandbox = new SandboxServer(PARTNER_CLOCK);
        engine = new FlowEngine(EngineSettings.defaults(), id -> Optional.ofNullable(catalog.get(id)),
                Clock.systemUTC(), null);
        loader = new FlowLoader(new FlowDsl(), engine.scripts());
        for (Path file : sampleFiles().toList()) {
            FlowDsl.Result r = read(file);
            if (r.valid()) {
                FlowVersion previous = catalog.putIfAbsent(r.flow().id(), FlowLoader.version(r, 1));
                assertThat(previous).as("flow id '%s' of %s is used by another sample", r.flow().id(), file).isNull();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static Stream<Path> sampleFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(SAMPLES)) {
            return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList().stream();
        }
    }

    static Stream<String> samples() throws IOException {
        return sampleFiles().map(p -> SAMPLES.relativize(p).toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleRunsToItsExpectedOutput(String sample) throws Exception {
        Path file = SAMPLES.resolve(sample);
        FlowDsl.Result r = read(file);
        assertThat(r.problems()).as("validation problems of %s", sample).isEmpty();
        String id = r.flow().id();
        assertThat(baseName(file)).as("a sample's file is named after its flow id").isEqualTo(id);
        Path input = sibling(file, ".input.json");
        Path expected = sibling(file, ".expected.json");
        Path expectedError = sibling(file, ".expected-error.json");
        assertThat(input).as("input of %s", sample).exists();
        boolean write = Boolean.getBoolean("samples.write");
        assertThat(write || Files.exists(expected) || Files.exists(expectedError))
                .as("%s needs %s or %s", sample, expected.getFileName(), expectedError.getFileName()).isTrue();

        sandbox.reset();
        ExecutionRecord run = run(r, SandboxServer.JSON.readTree(input.toFile()), sandboxVars(r, sandbox.base()));

        String shown = describe(run);
        if (Files.exists(expectedError)) {
            JsonNode want = SandboxServer.JSON.readTree(expectedError.toFile());
            assertThat(run.status()).as(shown).isEqualTo(ExecutionStatus.FAILED);
            assertThat(run.error().code()).as(shown).isEqualTo(want.path("code").asText());
            return;
        }
        assertThat(run.status()).as(shown).isEqualTo(ExecutionStatus.SUCCEEDED);
        if (write) {
            Files.writeString(expected, SandboxServer.JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(run.output()) + "\n");
        }
        assertSameJson(run.output(), SandboxServer.JSON.readTree(expected.toFile()), shown);
    }

    @Test
    void everyStepKindHasARunnableExample() {
        for (String kind : StepKinds.names()) {
            Path example = SAMPLES.resolve("kinds").resolve(kind + ".yaml");
            assertThat(example).as("example of step kind '%s'", kind).exists();
        }
    }

    @Test
    void theOrderSampleRunsThroughTheCommandLine() throws Exception {
        sandbox.reset();
        Path flow = SAMPLES.resolve("order-to-erp.yaml");
        Cli.Outcome run = Cli.run("run", flow.toString(), "--input", "@" + sibling(flow, ".input.json"),
                "--var", "erpBase=" + sandbox.base() + "/sandbox/erp");
        int exit = run.exit();
        String printed = run.out();
        assertThat(exit).as(printed).isZero();
        JsonNode execution = SandboxServer.JSON.readTree(printed);
        assertThat(execution.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(execution.path("flowId").asText()).isEqualTo("order-to-erp");
        assertSameJson(execution.get("output"),
                SandboxServer.JSON.readTree(sibling(flow, ".expected.json").toFile()), printed);
    }

    @Test
    void theOrderSampleFailsWithConnectFailedAfterItsRetriesWhenTheErpIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ExecutionRecord run = runOrder("http://127.0.0.1:" + closedPort + "/sandbox/erp");

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.error().code()).as(describe(run)).isEqualTo("CONNECT_FAILED");
        assertThat(run.error().stepId()).isEqualTo("push");
        assertThat(run.error().message()).contains("127.0.0.1");
        assertThat(attempts(run, "push")).isEqualTo(3);
        assertThat(run.output()).isNull();
    }

    @Test
    void theOrderSampleFailsWithHttp500AfterItsRetriesWhenTheErpAnswers500() throws Exception {
        sandbox.reset();
        ExecutionRecord run = runOrder(sandbox.base() + "/broken/erp");

        assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(run.error().code()).as(describe(run)).isEqualTo("HTTP_500");
        assertThat(run.error().stepId()).isEqualTo("push");
        assertThat(run.error().details().path("status").asInt()).isEqualTo(500);
        assertThat(run.error().details().path("body").asText()).contains("down for maintenance");
        assertThat(attempts(run, "push")).isEqualTo(3);
        assertThat(sandbox.brokenCalls()).isEqualTo(3);
    }

    private static ExecutionRecord runOrder(String erpBase) throws Exception {
        Path flow = SAMPLES.resolve("order-to-erp.yaml");
        FlowDsl.Result r = read(flow);
        assertThat(r.valid()).as("%s", r.problems()).isTrue();
        return run(r, SandboxServer.JSON.readTree(sibling(flow, ".input.json").toFile()),
                Map.of("erpBase", TextNode.valueOf(erpBase)));
    }

    private static ExecutionRecord run(FlowDsl.Result r, JsonNode input, Map<String, JsonNode> vars) throws Exception {
        FlowVersion version = FlowLoader.version(r, versions.incrementAndGet());
        return engine.start(version, FlowEngine.manualTrigger(input), vars).done().get(60, TimeUnit.SECONDS);
    }

    /** The flow's vars that name the default sandbox, pointed at the local one. */
    static Map<String, JsonNode> sandboxVars(FlowDsl.Result r, String base) {
        Map<String, JsonNode> out = new HashMap<>();
        r.flow().vars().forEach((name, value) -> {
            if (value.isTextual() && value.asText().startsWith(DEFAULT_SANDBOX)) {
                out.put(name, TextNode.valueOf(base + "/sandbox" + value.asText().substring(DEFAULT_SANDBOX.length())));
            }
        });
        return out;
    }

    private static long attempts(ExecutionRecord run, String stepId) {
        return run.steps().stream().filter(t -> t.stepId().equals(stepId)).map(TraceEntry::attempt).count();
    }

    private static FlowDsl.Result read(Path file) throws IOException {
        return loader.read(Files.readAllBytes(file), Format.fromFileName(file.toString()));
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(baseName(file) + suffix);
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Equal as JSON, numbers compared by value (2, 2.0 and 2.00 are the same amount). */
    static void assertSameJson(JsonNode actual, JsonNode expected, String context) throws IOException {
        boolean same = actual != null && actual.equals((a, b) -> {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return a.equals(b) ? 0 : 1;
        }, expected);
        assertThat(same).as("output%n  actual:   %s%n  expected: %s%n%s", actual, expected, context).isTrue();
    }

    private static String describe(ExecutionRecord run) {
        StringBuilder s = new StringBuilder("execution ").append(run.status()).append(' ');
        s.append(run.error() == null ? "" : run.error().toJson()).append('\n');
        for (TraceEntry t : run.steps()) {
            s.append("  ").append(t.path()).append(" #").append(t.attempt()).append(' ').append(t.status())
                    .append(t.error() == null ? "" : " " + t.error().toJson()).append('\n');
        }
        return s.toString();
    }
}
