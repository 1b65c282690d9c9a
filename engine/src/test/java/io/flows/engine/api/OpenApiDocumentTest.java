package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document micronaut-openapi writes at build time (and {@code /openapi/**} serves) tells the truth
 * about the answers: the success status of each operation, the problem+json errors, the optional trigger body.
 */
class OpenApiDocumentTest {

    static JsonNode doc;
    static String text;

    @BeforeAll
    static void read() throws Exception {
        URL dir = Thread.currentThread().getContextClassLoader().getResource("META-INF/swagger");
        assertThat(dir).as("micronaut-openapi wrote META-INF/swagger into the classes").isNotNull();
        Path file;
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".yml")).findFirst().orElseThrow();
        }
        try (InputStream in = Files.newInputStream(file)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        doc = new YAMLMapper().readTree(text);
    }

    static JsonNode op(String method, String path) {
        JsonNode op = doc.path("paths").path(path).path(method);
        assertThat(op.isObject()).as(method + " " + path + " is in the document").isTrue();
        return op;
    }

    static List<String> statuses(String method, String path) {
        List<String> out = new ArrayList<>();
        op(method, path).path("responses").fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void creatingAFlowAnswers201AndItsProblems() {
        assertThat(statuses("post", "/api/flows")).containsExactlyInAnyOrder("201", "400", "409", "413", "415");
        assertThat(op("post", "/api/flows").at("/responses/201/content/application~1json/schema/$ref").asText())
                .endsWith("/FlowVersionSaved");
        assertThat(statuses("put", "/api/flows/{id}")).containsExactlyInAnyOrder("200", "400", "404", "412", "413", "415");
        assertThat(op("post", "/api/flows/validate").path("requestBody").path("content").has("application/yaml")).isTrue();
        for (JsonNode save : List.of(op("post", "/api/flows"), op("put", "/api/flows/{id}"))) {
            assertThat(save.path("requestBody").path("required").asBoolean()).isTrue();
            assertThat(save.path("requestBody").path("content").has("application/yaml")).isTrue();
        }
    }

    @Test
    void startingAnExecutionAnswers200Or202AndTakesAnOptionalBody() {
        String start = "/api/flows/{id}/executions";
        assertThat(statuses("post", start))
                .containsExactlyInAnyOrder("200", "202", "400", "404", "409", "413", "422", "503");
        assertThat(op("post", start).path("requestBody").path("required").asBoolean(true))
                .as("an empty body means {}").isFalse();
        assertThat(op("post", start).at("/responses/202/content/application~1json/schema/$ref").asText())
                .endsWith("/ExecutionAccepted");
        assertThat(text).as("no framework type leaks in as a schema").doesNotContain("MutableHttpResponse");

        assertThat(statuses("get", start)).containsExactlyInAnyOrder("200", "400", "404");
        assertThat(statuses("post", "/api/executions/{id}/replay")).containsExactlyInAnyOrder("202", "404", "409");
        assertThat(statuses("get", "/api/executions/{id}")).containsExactlyInAnyOrder("200", "404");
        assertThat(statuses("post", "/api/executions/{id}/cancel")).containsExactlyInAnyOrder("200", "404");
    }

    @Test
    void theWebhookRouteIsHooksPathAndSaysThePathMayHoldSlashes() {
        assertThat(doc.path("paths").has("/hooks")).as("the path parameter is not left out").isFalse();
        JsonNode receive = op("post", "/hooks/{path}");
        JsonNode path = receive.path("parameters").get(0);
        assertThat(path.path("name").asText()).isEqualTo("path");
        assertThat(path.path("in").asText()).isEqualTo("path");
        assertThat(path.path("required").asBoolean()).isTrue();
        assertThat(path.path("description").asText()).contains("slashes");
        assertThat(text).doesNotContain("{+path}");
    }

    @Test
    void deletesAnswer204() {
        for (String path : List.of("/api/flows/{id}", "/api/secrets/{name}", "/api/tokens/{id}",
                "/api/subscriptions/{id}", "/api/connections/{name}", "/api/connections/{name}/{environment}")) {
            assertThat(statuses("delete", path)).as(path).contains("204", "404").doesNotContain("200");
        }
    }

    static List<String> required(String schema) {
        List<String> out = new ArrayList<>();
        doc.at("/components/schemas/" + schema + "/required").forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void whatAnAnswerMayLeaveOutIsNotRequired() {
        assertThat(required("Problem")).containsExactlyInAnyOrder("type", "title", "status", "detail");
        assertThat(required("ProblemError")).as("DOCUMENT_TOO_LARGE, for one, has no line and column")
                .containsExactlyInAnyOrder("code", "path", "message");
        assertThat(required("ValidationResult")).containsExactly("valid");
        assertThat(required("FlowVersionSaved")).containsExactlyInAnyOrder("id", "version");
        assertThat(required("ExecutionAccepted")).containsExactlyInAnyOrder("id", "status");
    }

    @Test
    void everyErrorAnswerIsAProblem() {
        JsonNode problem = doc.at("/components/schemas/Problem/properties");
        assertThat(problem.has("title") && problem.has("status") && problem.has("detail") && problem.has("errors"))
                .as(problem.toString()).isTrue();
        int errors = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                for (Iterator<Map.Entry<String, JsonNode>> rs = op.getValue().path("responses").fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    if (r.getKey().startsWith("4") || r.getKey().startsWith("5")) {
                        errors++;
                        assertThat(r.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                                .as(op.getKey() + " " + path.getKey() + " " + r.getKey()).endsWith("/Problem");
                    }
                }
            }
        }
        assertThat(errors).isGreaterThan(30);
    }
}
