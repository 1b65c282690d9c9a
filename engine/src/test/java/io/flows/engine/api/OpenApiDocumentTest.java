package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestFlows;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OpenAPI document micronaut-openapi writes at build time, as a running service serves it at
 * {@code /openapi/flows-0.1.yml}, tells the truth about the answers: the success status of each operation, the
 * problem+json errors, the optional trigger body, and the shape of every JSON answer, checked against the answers
 * the service really gives.
 */
@Timeout(120)
class OpenApiDocumentTest {

    static final String DOCUMENT = "/openapi/flows-0.1.yml";
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    static TestDatabase database;
    static EmbeddedServer server;
    static Http http;
    static JsonNode doc;
    static String text;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.h2();
        Map<String, Object> p = TestService.properties(database);
        p.put("flows.max-request-bytes", MAX_REQUEST_BYTES);
        p.put("micronaut.server.max-request-size", MAX_REQUEST_BYTES);
        server = TestService.start(p);
        http = new Http(TestService.baseUrl(server));
        Answer served = http.get(DOCUMENT);
        assertThat(served.status()).as(served.toString()).isEqualTo(200);
        text = served.body();
        doc = new YAMLMapper().readTree(text);
    }

    @AfterAll
    static void stop() throws Exception {
        TestService.closeAll(TestService.stopping(server), database);
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
        assertThat(statuses("put", "/api/flows/{id}")).as("409: another flow has the webhook path")
                .containsExactlyInAnyOrder("200", "400", "404", "409", "412", "413", "415");
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
        assertThat(op("post", start).at("/responses/200/content/application~1json/schema/$ref").asText())
                .endsWith("/Execution");
        assertThat(text).as("no framework type leaks in as a schema").doesNotContain("MutableHttpResponse");

        assertThat(statuses("get", start)).containsExactlyInAnyOrder("200", "400", "404");
        assertThat(statuses("post", "/api/executions/{id}/replay")).containsExactlyInAnyOrder("202", "404", "409", "503");
        assertThat(statuses("get", "/api/executions/{id}")).containsExactlyInAnyOrder("200", "404");
        assertThat(statuses("post", "/api/executions/{id}/cancel")).as("409: it runs on another node")
                .containsExactlyInAnyOrder("200", "404", "409");
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
        assertThat(required("Execution")).as("parentExecutionId is only on a call-flow's child")
                .contains("id", "status", "trigger", "output", "error", "steps").doesNotContain("parentExecutionId");
        assertThat(required("StepTraceEntry")).doesNotContain("index", "branch", "request", "logs", "childExecutionId");
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
                        assertThat(r.getValue().path("content").size()).as("only problem+json").isEqualTo(1);
                        assertThat(r.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                                .as(op.getKey() + " " + path.getKey() + " " + r.getKey()).endsWith("/Problem");
                    }
                }
            }
        }
        assertThat(errors).isGreaterThan(30);
    }

    /** Jackson's tree classes, which the generator describes by their getters when an answer is built as a tree. */
    @Test
    void noJacksonInternalsAreSchemas() {
        List<String> names = new ArrayList<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(names::add);
        assertThat(names).isNotEmpty().noneMatch(n -> n.matches(
                "(?i).*(JsonNode|ObjectNode|ArrayNode|ValueNode|ContainerNode|JsonSerializable|JsonNodeType).*"));
        assertThat(names).as("a nested class's default name leaks its outer class").noneMatch(n -> n.contains("."));
        for (String internal : List.of("nodeType", "containerNode", "missingNode", "valueNode", "bigDecimal", "_this")) {
            assertThat(text).as(internal).doesNotContain(internal + ":");
        }
    }

    @Test
    void everyJsonSuccessAnswerHasAShape() {
        List<String> checked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                for (Iterator<Map.Entry<String, JsonNode>> rs = op.getValue().path("responses").fields(); rs.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = rs.next();
                    JsonNode json = r.getValue().at("/content/application~1json/schema");
                    if (!r.getKey().startsWith("2") || json.isMissingNode()) {
                        continue;
                    }
                    String where = op.getKey() + " " + path.getKey() + " " + r.getKey();
                    JsonNode shape = resolve(json.path("type").asText().equals("array") ? json.path("items") : json);
                    assertThat(shape.path("properties").size()).as(where + ": " + json).isPositive();
                    checked.add(where);
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(40).anyMatch(w -> w.startsWith("get /api/executions/{id}"));
    }

    /**
     * The strong check: real answers of every kind (executions of every step kind, lists, flows, webhooks, schedules,
     * secrets, connections, subscriptions, tokens, problems) hold exactly the fields their schema declares, each of the
     * declared type, the required ones present; and each answer's status and content type is one the document lists.
     */
    @Test
    void realAnswersMatchTheDocument() throws Exception {
        String base = TestService.baseUrl(server);
        create("""
                id: doc-child
                steps:
                  - { id: vat, type: transform, script: "return { gross: input.net * 1.19 }" }
                """);
        create("""
                id: doc-kinds
                name: Every kind of trace entry
                description: logs, foreach, parallel, a partner call, a caught failure, a sub-flow
                vars: { wms: "%s/sandbox/wms" }
                trigger: { type: manual }
                steps:
                  - id: logged
                    type: transform
                    script: "console.log('lines', input.items.length); return input;"
                  - id: lines
                    type: foreach
                    items: ${input.items}
                    steps:
                      - { id: line, type: transform, script: "return { sku: input.sku, n: index }" }
                  - id: both
                    type: parallel
                    branches:
                      stock:
                        - { id: stock, type: connector-call, connector: http, with: { method: GET, url: "${vars.wms}/stock/BRG-6204-2RS" } }
                      calm:
                        - { id: calm, type: transform, set: { ok: true } }
                  - id: guarded
                    type: try
                    steps:
                      - { id: boom, type: error-injection, mode: fail, error: { code: PARTNER_DOWN, message: down, httpStatus: 503 } }
                    catch:
                      - { id: recovered, type: transform, set: { because: "${error.code}" } }
                  - id: child
                    type: call-flow
                    flow: doc-child
                    input: "${ { net: 100 } }"
                output: "${ { lines: steps.lines.output, child: steps.child.output } }"
                """.formatted(base));
        create("""
                id: doc-fails
                steps:
                  - { id: broken, type: transform, script: "throw new Error('no')" }
                """);
        create("""
                id: doc-slow
                steps:
                  - { id: pause, type: delay, duration: 5s }
                """);

        String kinds = "/api/flows/doc-kinds/executions";
        JsonNode run = check("post", "/api/flows/{id}/executions",
                http.postJson(kinds + "?wait=true", "{\"items\": [{\"sku\": \"a\"}, {\"sku\": \"b\"}]}"));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        Set<String> traced = new java.util.HashSet<>();
        run.path("steps").forEach(s -> s.fieldNames().forEachRemaining(traced::add));
        assertThat(traced).as("the trace entries hold every optional field")
                .contains("logs", "index", "indexes", "items", "iterations", "tracedIterations", "branch", "request",
                        "response", "childExecutionId");
        String id = run.path("id").asText();
        check("get", "/api/executions/{id}", http.get("/api/executions/" + id));
        String child = null;
        for (JsonNode s : run.path("steps")) {
            if (s.has("childExecutionId")) {
                child = s.path("childExecutionId").asText();
            }
        }
        JsonNode sub = check("get", "/api/executions/{id}", http.get("/api/executions/" + child));
        assertThat(sub.path("parentExecutionId").asText()).isEqualTo(id);
        assertThat(sub.path("trigger").path("type").asText()).isEqualTo("call-flow");
        check("get", "/api/flows/{id}/executions", http.get("/api/flows/doc-child/executions"));

        JsonNode failed = check("post", "/api/flows/{id}/executions",
                http.postJson("/api/flows/doc-fails/executions?wait=true", "[1, \"any JSON\"]"));
        assertThat(failed.path("error").path("stepId").asText()).isEqualTo("broken");
        check("post", "/api/executions/{id}/replay", http.post("/api/executions/" + id + "/replay", null, null));

        String slow = check("post", "/api/flows/{id}/executions",
                http.postJson("/api/flows/doc-slow/executions?wait=true&timeout=1ms", "{}")).path("id").asText();
        JsonNode running = check("get", "/api/executions/{id}", http.get("/api/executions/" + slow));
        assertThat(running.path("finishedAt").isNull()).as(running.toString()).isTrue();
        check("get", "/api/flows/{id}/executions", http.get("/api/flows/doc-slow/executions"));
        check("post", "/api/executions/{id}/cancel", http.post("/api/executions/" + slow + "/cancel", null, null));
        check("post", "/api/flows/{id}/executions", http.postJson("/api/flows/doc-slow/executions", "{}"));

        flowsAndVersions();
        webhooks();
        schedules();
        catalogue();
        secretsAndConnections();
        subscriptions(base);
        problems();
        tokens();
    }

    private void flowsAndVersions() {
        create("""
                id: doc-idle
                steps:
                  - { id: idle, type: transform, set: { ran: false } }
                """);
        JsonNode flows = check("get", "/api/flows", http.get("/api/flows"));
        assertThat(flows).anyMatch(f -> f.path("lastExecution").isNull())
                .anyMatch(f -> f.path("lastExecution").isObject());
        check("get", "/api/flows/{id}", http.get("/api/flows/doc-kinds"));
        check("get", "/api/flows/{id}", http.get("/api/flows/doc-child"));
        check("get", "/api/flows/{id}", http.get("/api/flows/doc-kinds", "Accept", "application/yaml"));
        check("get", "/api/flows/{id}", http.get("/api/flows/doc-kinds", "Accept", "text/yaml"));
        check("get", "/api/flows/{id}/versions/{version}", http.get("/api/flows/doc-kinds/versions/1", "Accept", "text/html"));
        check("put", "/api/flows/{id}", http.put("/api/flows/doc-child", "application/yaml", """
                id: doc-child
                steps:
                  - { id: vat, type: transform, script: "return { gross: input.net * 1.2 }" }
                  - { id: loud, type: error-injection, mode: fail, latency: 5ms, error: { code: X, message: x } }
                """));
        check("get", "/api/flows/{id}/versions", http.get("/api/flows/doc-child/versions"));
        check("get", "/api/flows/{id}/versions/{version}", http.get("/api/flows/doc-child/versions/1"));
        check("post", "/api/flows/validate", http.post("/api/flows/validate", "application/yaml", "id: x\nsteps: []\n"));
        check("post", "/api/flows/validate", http.post("/api/flows/validate", "application/yaml", "id: [\n"));
        check("post", "/api/flows/{id}/disable", http.post("/api/flows/doc-child/disable", null, null));
        check("post", "/api/flows/{id}/enable", http.post("/api/flows/doc-child/enable", null, null));
    }

    private void webhooks() throws InterruptedException {
        create("""
                id: doc-hook
                trigger: { type: webhook, path: doc/orders }
                steps:
                  - { id: take, type: transform, script: "if (!input.ok) throw new Error('not ok'); return input;" }
                """);
        check("post", "/hooks/{path}", http.postJson("/hooks/doc/orders", "{\"ok\": true}", "webhook-id", "msg-1"));
        check("post", "/hooks/{path}", http.postJson("/hooks/doc/orders", "{\"ok\": true}", "webhook-id", "msg-1"));
        String failing = check("post", "/hooks/{path}", http.postJson("/hooks/doc/orders", "{\"ok\": false}"))
                .path("id").asText();
        JsonNode list = await(() -> http.get("/api/hooks/deliveries?flowId=doc-hook").json(),
                l -> l.size() == 2 && !l.toString().contains("RECEIVED"));
        assertThat(list.toString()).contains("PROCESSED", "FAILED");
        check("get", "/api/hooks/deliveries", http.get("/api/hooks/deliveries?flowId=doc-hook"));
        check("get", "/api/hooks/deliveries/{id}", http.get("/api/hooks/deliveries/" + failing));
        String text = http.post("/hooks/doc/orders", "text/plain", "plain text").json().path("id").asText();
        check("get", "/api/hooks/deliveries/{id}", http.get("/api/hooks/deliveries/" + text));
    }

    private void schedules() throws InterruptedException {
        create("""
                id: doc-tick
                trigger: { type: schedule, cron: "* * * * * *" }
                steps:
                  - { id: tick, type: transform, set: { at: "${trigger.fireTime}" } }
                """);
        JsonNode schedule = await(() -> http.get("/api/flows/doc-tick/schedule").json(),
                s -> s.path("fires").toString().contains("executionId"));
        check("get", "/api/flows/{id}/schedule", http.get("/api/flows/doc-tick/schedule"));
        http.post("/api/flows/doc-tick/disable", null, null);
        check("get", "/api/flows/{id}/schedule", http.get("/api/flows/doc-tick/schedule"));
        String fired = null;
        for (JsonNode fire : schedule.path("fires")) {
            fired = fire.has("executionId") ? fire.path("executionId").asText() : fired;
        }
        TestFlows.awaitEnd(http, fired);
        JsonNode e = check("get", "/api/executions/{id}", http.get("/api/executions/" + fired));
        assertThat(e.path("trigger").path("type").asText()).isEqualTo("schedule");
    }

    private void catalogue() {
        check("get", "/api/schema/flow", http.get("/api/schema/flow"));
        check("get", "/api/steps", http.get("/api/steps"));
    }

    private void secretsAndConnections() {
        check("put", "/api/secrets/{name}", http.put("/api/secrets/doc-key", "application/json", "{\"value\": \"a-long-secret-1\"}"));
        check("put", "/api/secrets/{name}", http.put("/api/secrets/doc-key", "application/json", "{\"value\": \"a-long-secret-2\"}"));
        check("get", "/api/secrets", http.get("/api/secrets"));
        String profile = """
                {"baseUrl": "https://erp.example.com", "auth": {"type": "bearer", "token": "${secrets.doc-key}"},
                 "headers": {"x-client": "flows"}, "timeout": "5s", "allowedHosts": ["files.example.com"]}""";
        check("put", "/api/connections/{name}/{environment}", http.put("/api/connections/erp/sandbox", "application/json", profile));
        check("put", "/api/connections/{name}/{environment}", http.put("/api/connections/erp/sandbox", "application/json", profile));
        check("put", "/api/connections/{name}/{environment}", http.put("/api/connections/erp/prod", "application/json",
                "{\"baseUrl\": \"https://erp.example.com\"}"));
        check("get", "/api/connections", http.get("/api/connections"));
        check("get", "/api/connections/{name}", http.get("/api/connections/erp"));
        check("get", "/api/connections/{name}/{environment}", http.get("/api/connections/erp/sandbox"));
    }

    private void subscriptions(String base) throws InterruptedException {
        JsonNode created = check("post", "/api/subscriptions", http.postJson("/api/subscriptions",
                "{\"url\": \"" + base + "/sandbox/no-receiver\", \"events\": [\"execution.failed\"], \"flowId\": \"doc-fails\"}"));
        String s = "/api/subscriptions/" + created.path("id").asText();
        check("get", "/api/subscriptions", http.get("/api/subscriptions"));
        check("get", "/api/subscriptions/{id}", http.get(s));
        check("get", "/api/subscriptions/{id}/secret", http.get(s + "/secret"));
        check("post", "/api/subscriptions/{id}/secret/rotate", http.post(s + "/secret/rotate", null, null));
        http.postJson("/api/flows/doc-fails/executions?wait=true", "{}");
        JsonNode deliveries = await(() -> http.get(s + "/deliveries").json(),
                l -> l.size() > 0 && l.get(0).path("attempts").asInt() > 0);
        check("get", "/api/subscriptions/{id}/deliveries", http.get(s + "/deliveries"));
        String d = s + "/deliveries/" + deliveries.get(0).path("id").asText();
        check("get", "/api/subscriptions/{id}/deliveries/{deliveryId}", http.get(d));
        check("post", "/api/subscriptions/{id}/deliveries/{deliveryId}/redeliver", http.post(d + "/redeliver", null, null));
        check("post", "/api/subscriptions/{id}/disable", http.post(s + "/disable", null, null));
        check("post", "/api/subscriptions/{id}/enable", http.post(s + "/enable", null, null));
    }

    private void problems() {
        check("get", "/api/executions/{id}", http.get("/api/executions/nope"));
        check("post", "/api/flows", http.post("/api/flows", "application/yaml", "id: doc-bad\nsteps: [ { id: a, type: nope } ]\n"));
        check("post", "/api/flows", http.post("/api/flows", "application/yaml", "id: doc-fails\nsteps: []\n"));
        check("post", "/api/flows", http.post("/api/flows", "text/plain", "id: x"));
        check("post", "/api/flows", http.post("/api/flows", "application/json", "x".repeat(MAX_REQUEST_BYTES + 1)));
        check("put", "/api/flows/{id}", http.put("/api/flows/doc-fails", "application/yaml", "id: doc-fails\nsteps: []\n",
                "If-Match", "\"99\""));
        check("get", "/api/flows/{id}/executions", http.get("/api/flows/doc-fails/executions?limit=0"));
        String key = "/api/flows/doc-fails/executions";
        http.postJson(key, "{\"a\": 1}", "Idempotency-Key", "doc-key-1");
        check("post", "/api/flows/{id}/executions", http.postJson(key, "{\"a\": 2}", "Idempotency-Key", "doc-key-1"));
        http.post("/api/flows/doc-slow/disable", null, null);
        check("post", "/api/flows/{id}/executions", http.postJson("/api/flows/doc-slow/executions", "{}"));
        check("post", "/hooks/{path}", http.postJson("/hooks/doc/nowhere", "{}"));
        check("put", "/api/flows/{id}", http.put("/api/flows/doc-idle", "application/yaml",
                "id: doc-idle\ntrigger: { type: webhook, path: doc/orders }\nsteps: [ { id: a, type: transform, set: {} } ]\n"));
        check("put", "/api/secrets/{name}", http.put("/api/secrets/doc-big", "application/json", "x".repeat(MAX_REQUEST_BYTES + 1)));
        check("post", "/api/subscriptions", http.postJson("/api/subscriptions", "{\"url\": 1}"));
        check("post", "/api/tokens", http.post("/api/tokens", "text/plain", "{}"));
    }

    /** The check above would pass anything if {@link #conform} did: it finds what a schema leaves out or misses. */
    @Test
    void theCheckFindsUndeclaredMissingAndMistypedFields() throws Exception {
        JsonNode execution = Http.JSON.readTree("{\"$ref\": \"#/components/schemas/Execution\"}");
        JsonNode answer = Http.JSON.readTree("""
                {"id": "e1", "flowId": "f", "flowVersion": "1", "status": "DONE", "trigger": {"type": "manual",
                 "body": "any", "headers": {}, "query": {}}, "output": [1], "error": null, "queuedAt": "t",
                 "startedAt": null, "finishedAt": null, "durationMs": null, "isEmpty": false,
                 "steps": [{"stepId": "a", "nodeType": "OBJECT"}]}""");
        List<String> problems = new ArrayList<>();
        conform(answer, execution, "$", problems);
        assertThat(problems).anyMatch(p -> p.startsWith("$.isEmpty is not in its schema (Execution)"))
                .anyMatch(p -> p.startsWith("$.flowVersion is \"1\", not an integer"))
                .anyMatch(p -> p.startsWith("$.status is \"DONE\", not one of"))
                .anyMatch(p -> p.startsWith("$.steps[0] has no kind"))
                .anyMatch(p -> p.startsWith("$.steps[0].nodeType is not in its schema (StepTraceEntry)"))
                .as("any JSON value, and null where the schema allows it").noneMatch(p -> p.startsWith("$.output")
                        || p.startsWith("$.trigger") || p.startsWith("$.startedAt") || p.startsWith("$.error"));
    }

    /** Last: the first token turns authentication on. */
    private void tokens() {
        JsonNode admin = check("post", "/api/tokens", http.postJson("/api/tokens", "{\"name\": \"doc\", \"scopes\": [\"admin\"]}"));
        String[] auth = {"Authorization", "Bearer " + admin.path("token").asText()};
        JsonNode reader = check("post", "/api/tokens", http.postJson("/api/tokens",
                "{\"name\": \"reader\", \"scopes\": [\"flows:read\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}", auth));
        check("post", "/api/tokens/{id}/rotate", http.postJson("/api/tokens/" + reader.path("id").asText() + "/rotate",
                "{\"gracePeriod\": \"1h\"}", auth));
        JsonNode list = check("get", "/api/tokens", http.get("/api/tokens", auth));
        assertThat(list.toString()).contains("replacedBy");
    }

    private static void create(String yaml) {
        check("post", "/api/flows", http.post("/api/flows", "application/yaml", yaml));
    }

    private static JsonNode await(Supplier<JsonNode> read, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode now = read.get();
        while (!done.test(now) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = read.get();
        }
        assertThat(done.test(now)).as(now.toString()).isTrue();
        return now;
    }

    /**
     * The answer is one the document lists for the operation (status and content type), and its JSON body conforms
     * to the schema listed for it. Answers the JSON body (or null for one that is not JSON).
     */
    static JsonNode check(String method, String path, Answer a) {
        JsonNode response = op(method, path).path("responses").path(String.valueOf(a.status()));
        assertThat(response.isObject()).as("the document lists " + a.status() + " for " + method + " " + path + ": " + a)
                .isTrue();
        if (a.body().isEmpty()) {
            assertThat(response.has("content")).as(a.toString()).isFalse();
            return null;
        }
        String type = a.contentType().split(";")[0].trim();
        JsonNode schema = response.path("content").path(type).path("schema");
        assertThat(schema.isObject()).as("the document lists " + type + " for " + a.status() + " of " + method + " " + path)
                .isTrue();
        if (!type.endsWith("json")) {
            return null;
        }
        JsonNode body = a.json();
        List<String> problems = new ArrayList<>();
        conform(body, schema, "$", problems);
        assertThat(problems).as(a.toString()).isEmpty();
        return body;
    }

    /**
     * The schema a {@code $ref} names, with the parts of an {@code allOf} merged in: {allOf: [{$ref}], nullable,
     * description} is a named schema given a description where it is used, and a class's schema lists its supertypes'.
     */
    static JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (!ref.isEmpty()) {
            return resolve(doc.at(ref.substring(1)));
        }
        if (!schema.has("allOf")) {
            return schema;
        }
        ObjectNode merged = schema.deepCopy();
        merged.remove("allOf");
        ObjectNode properties = Http.JSON.createObjectNode();
        ArrayNode required = Http.JSON.createArrayNode();
        for (JsonNode part : schema.path("allOf")) {
            JsonNode p = resolve(part);
            if (p.path("properties").isObject()) {
                properties.setAll((ObjectNode) p.path("properties"));
            }
            if (p.path("required").isArray()) {
                required.addAll((ArrayNode) p.path("required"));
            }
            p.fields().forEachRemaining(f -> {
                if (!merged.has(f.getKey())) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
        }
        if (!properties.isEmpty()) {
            merged.set("properties", properties);
            merged.set("required", required);
        }
        return merged;
    }

    static boolean nullable(JsonNode schema) {
        return schema.path("nullable").asBoolean() || resolve(schema).path("nullable").asBoolean();
    }

    /**
     * What a JSON Schema validator would say, for the parts of OpenAPI 3.0 the document uses. A schema of type object
     * without properties is free-form: the document says "any JSON value" so (micronaut-openapi writes no untyped
     * schema), and any value passes.
     */
    static void conform(JsonNode value, JsonNode declared, String where, List<String> problems) {
        JsonNode schema = resolve(declared);
        String name = named(declared);
        if (value.isNull()) {
            if (!nullable(declared)) {
                problems.add(where + " is null, which its schema does not allow");
            }
            return;
        }
        JsonNode allowed = schema.path("enum");
        if (allowed.isArray() && !allowed.isEmpty() && !allowed.toString().contains(value.toString())) {
            problems.add(where + " is " + value + ", not one of " + allowed);
        }
        switch (schema.path("type").asText()) {
            case "string" -> expect(value.isTextual(), value, "a string", where, problems);
            case "integer" -> expect(value.isIntegralNumber(), value, "an integer", where, problems);
            case "number" -> expect(value.isNumber(), value, "a number", where, problems);
            case "boolean" -> expect(value.isBoolean(), value, "a boolean", where, problems);
            case "array" -> {
                if (expect(value.isArray(), value, "an array", where, problems)) {
                    for (int i = 0; i < value.size(); i++) {
                        conform(value.get(i), schema.path("items"), where + "[" + i + "]", problems);
                    }
                }
            }
            case "object" -> conformObject(value, schema, name, where, problems);
            default -> problems.add(where + ": the schema has no type: " + schema);
        }
    }

    private static void conformObject(JsonNode value, JsonNode schema, String name, String where,
                                      List<String> problems) {
        JsonNode properties = schema.path("properties");
        JsonNode values = schema.path("additionalProperties");
        if (properties.isEmpty() && !values.isObject()) {
            return;
        }
        if (!expect(value.isObject(), value, "an object", where, problems)) {
            return;
        }
        for (JsonNode field : schema.path("required")) {
            if (!value.has(field.asText())) {
                problems.add(where + " has no " + field.asText() + ", which its schema requires");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode property = properties.isEmpty() ? values : properties.path(f.getKey());
            if (property.isMissingNode()) {
                problems.add(where + "." + f.getKey() + " is not in its schema (" + name + ")");
            } else {
                conform(f.getValue(), property, where + "." + f.getKey(), problems);
            }
        }
    }

    /** The name of the schema a use refers to, for messages. */
    private static String named(JsonNode declared) {
        String ref = declared.path("$ref").asText("");
        for (JsonNode part : declared.path("allOf")) {
            ref = ref.isEmpty() ? part.path("$ref").asText("") : ref;
        }
        return ref.isEmpty() ? "inline" : ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static boolean expect(boolean ok, JsonNode value, String what, String where, List<String> problems) {
        if (!ok) {
            problems.add(where + " is " + value + ", not " + what);
        }
        return ok;
    }
}
