package io.flows.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.json.ParserMessages;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.ExecutionJson;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowLoader;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.secrets.EnvironmentSecretSource;
import io.flows.engine.secrets.Redactor;
import io.flows.steps.runtime.ConnectionSource;
import io.flows.steps.runtime.SecretSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code flows run FILE}: runs a flow once and prints the execution as JSON. */
@Command(name = "run", description = "Run a flow file once and print the execution as JSON; exit 0 when it SUCCEEDED, 1 when not.")
final class RunCommand implements Callable<Integer> {

    /** Reads the input as the API reads a body, and writes the execution as the API answers it (JsonDepth). */
    private static final ObjectMapper JSON = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
                    .streamWriteConstraints(io.flows.dsl.json.JsonDepth.documentWriting()).build())
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Parameters(index = "0", paramLabel = "FILE", description = "The flow file (.yaml, .yml or .json).")
    Path file;

    @Option(names = "--input", paramLabel = "JSON|@FILE", description = "The trigger body: JSON text, or @file.json. Default {}.")
    String input;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Override a flow variable (JSON or text); repeatable. Also FLOWS_VAR_<NAME>.")
    List<String> vars;

    @Override
    public Integer call() throws Exception {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            System.err.println(file + ": cannot read: " + e.getMessage());
            return Main.USAGE;
        }
        JsonNode body;
        Map<String, JsonNode> overrides;
        try {
            body = parseInput();
            overrides = parseVars();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return Main.USAGE;
        }
        Path dir = file.toAbsolutePath().getParent();
        DirectoryCatalog catalog = new DirectoryCatalog(dir);
        EngineSettings settings = EngineSettings.defaults();
        Redactor redactor = Redactor.shared(); // the log lines' too
        SecretSource secrets = new EnvironmentSecretSource(System.getenv(), redactor);
        try (FlowEngine engine = new FlowEngine(settings, catalog, Clock.systemUTC(), null, secrets,
                ConnectionSource.NONE)) {
            FlowLoader loader = new FlowLoader(new FlowDsl(), engine.scripts(), engine.endpointPolicy());
            catalog.useLoader(loader);
            FlowDsl.Result r = loader.read(bytes, Format.fromFileName(file.toString()));
            r.warnings().forEach(p -> System.err.println(ValidateCommand.formatWarning(file, p)));
            if (!r.valid()) {
                r.problems().forEach(p -> System.err.println(ValidateCommand.format(file, p)));
                return Main.USAGE;
            }
            warnUndeclared(r.flow().vars().keySet());
            FlowVersion version = FlowLoader.version(r, 1);
            catalog.add(version);
            ExecutionRecord result = engine.start(version, FlowEngine.manualTrigger(body), overrides).done().get();
            ObjectNode printed = redactor.redact(new ExecutionJson(settings.maxStepPayloadBytes()).write(result));
            // the fields the API answers: a run from the command line is never queued, so it was queued as it started
            printed.set("queuedAt", printed.get("startedAt"));
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(printed));
            return result.status() == ExecutionStatus.SUCCEEDED ? Main.OK : Main.RUN_FAILED;
        }
    }

    private JsonNode parseInput() {
        if (input == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        String text = input;
        if (input.startsWith("@")) {
            try {
                text = Files.readString(Path.of(input.substring(1)));
            } catch (IOException e) {
                throw new IllegalArgumentException("--input " + input + ": cannot read: " + e.getMessage());
            }
        }
        try {
            return text.isBlank() ? JsonNodeFactory.instance.objectNode() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--input is not valid JSON: " + ParserMessages.plain(e.getOriginalMessage()));
        }
    }

    private Map<String, JsonNode> parseVars() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("FLOWS_VAR_") && k.length() > "FLOWS_VAR_".length()) {
                out.put(k.substring("FLOWS_VAR_".length()), value(v));
            }
        });
        for (String v : vars == null ? List.<String>of() : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--var " + v + ": expected NAME=VALUE");
            }
            out.put(v.substring(0, eq), value(v.substring(eq + 1)));
        }
        return out;
    }

    /**
     * A --var the flow does not declare is most likely a typo (--var erpbase for erpBase): said, and passed all the
     * same, as the flow may read it. FLOWS_VAR_ ones are not: the environment serves every flow, not this one.
     */
    private void warnUndeclared(Set<String> declared) {
        for (String v : vars == null ? List.<String>of() : vars) {
            String name = v.substring(0, v.indexOf('='));
            if (!declared.contains(name)) {
                System.err.println("warning: --var " + name + ": the flow declares no var '" + name + "' (its vars: "
                        + (declared.isEmpty() ? "none" : String.join(", ", new TreeSet<>(declared)))
                        + "); it is passed all the same");
            }
        }
    }

    /** A var value is JSON when it parses as JSON (numbers, objects), else text. */
    private static JsonNode value(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
