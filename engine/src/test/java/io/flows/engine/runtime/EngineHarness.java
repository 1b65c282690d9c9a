package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.script.ScriptLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One engine for a test class, with short deadlines so failure paths are quick: connector
 * timeout 2 s, script CPU deadline 1 s.
 */
final class EngineHarness implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    final FlowEngine engine;
    final FlowLoader loader;
    private final Map<String, FlowVersion> flows = new ConcurrentHashMap<>();

    EngineHarness() {
        this(List.of());
    }

    EngineHarness(List<String> allowedComponents) {
        this(allowedComponents, Duration.ofSeconds(1));
    }

    /** A harness whose scripts and expressions may use {@code cpuDeadline} of CPU time each. */
    EngineHarness(Duration cpuDeadline) {
        this(List.of(), cpuDeadline);
    }

    /** A harness whose engine tells {@code listener} about executions and their step attempts. */
    EngineHarness(ExecutionListener listener) {
        this(List.of(), Duration.ofSeconds(1), listener);
    }

    /** A harness whose scripts and expressions run under {@code scripts}. */
    EngineHarness(ScriptLimits scripts) {
        this(List.of(), scripts, null);
    }

    private EngineHarness(List<String> allowedComponents, Duration cpuDeadline) {
        this(allowedComponents, cpuDeadline, null);
    }

    private EngineHarness(List<String> allowedComponents, Duration cpuDeadline, ExecutionListener listener) {
        this(allowedComponents, ScriptLimits.defaults().withCpuDeadline(cpuDeadline), listener);
    }

    /** A harness whose partners' answers may take {@code responseMemory} bytes of heap (flows.response-memory). */
    EngineHarness(long responseMemory) {
        this(List.of(), ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(1)), null, responseMemory);
    }

    private EngineHarness(List<String> allowedComponents, ScriptLimits scripts, ExecutionListener listener) {
        this(allowedComponents, scripts, listener, 0);
    }

    private EngineHarness(List<String> allowedComponents, ScriptLimits scripts, ExecutionListener listener,
                          long responseMemory) {
        EngineSettings defaults = EngineSettings.defaults();
        EngineSettings settings = defaults
                .withScripts(scripts)
                .withResponseMemory(responseMemory)
                .withRuntime(new RuntimeSettings(Duration.ofSeconds(2), allowedComponents, 20, 4, 100));
        engine = new FlowEngine(settings, id -> Optional.ofNullable(flows.get(id)), Clock.systemUTC(), listener);
        loader = new FlowLoader(new FlowDsl(), engine.scripts());
    }

    /** Validates and registers a flow (the latest version wins for call-flow). */
    FlowVersion flow(String yaml) {
        FlowDsl.Result r = loader.read(yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
        if (!r.valid()) {
            throw new AssertionError("invalid test flow: " + r.problems());
        }
        FlowVersion previous = flows.get(r.flow().id());
        FlowVersion v = FlowLoader.version(r, previous == null ? 1 : previous.version() + 1);
        flows.put(v.flowId(), v);
        return v;
    }

    ExecutionRecord run(String yaml, String input) {
        return run(flow(yaml), input, Map.of());
    }

    ExecutionRecord run(FlowVersion v, String input, Map<String, JsonNode> vars) {
        try {
            return engine.start(v, FlowEngine.manualTrigger(json(input)), vars).done().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Compares JSON by value: 10, 10.0 and a BigInteger 10 from different parsers are one number here. */
    static void assertJson(JsonNode actual, String expected) {
        org.assertj.core.api.Assertions.assertThat(actual == null ? null : json(actual.toString())).isEqualTo(json(expected));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
