package io.flows.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.support.Cli;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.FlowVersionRepository;
import io.flows.engine.store.FlowVersionRow;
import io.flows.engine.store.StepRepository;
import io.flows.engine.store.StepRow;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The REST contract of {@code API.md}, written once and run against every database the service
 * supports (subclasses say which). One service per class, started with
 * {@code ApplicationContext.run(EmbeddedServer.class, ...)} on an ephemeral port and spoken to over
 * real HTTP. Every test makes its own flows (unique ids), so the tests share the database safely.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class AbstractApiTest {

    static final String PROBLEM = "application/problem+json";
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    static final int MAX_STEP_PAYLOAD_BYTES = 1024;
    static final int WEBHOOK_MAX_BODY_BYTES = 16 * 1024;

    private final AtomicInteger seq = new AtomicInteger();
    private Map<String, Object> props;
    private EmbeddedServer server;
    Http http;

    private final List<TestDatabase> databases = new ArrayList<>();

    /** A new, empty database of the kind the subclass tests. */
    protected abstract TestDatabase createDatabase();

    /** Settings of a new, empty database for the service (a fresh one each call). */
    protected Map<String, Object> newDatabase() {
        return newTestDatabase().properties();
    }

    /** A new, empty database, removed with the others at the end. */
    protected TestDatabase newTestDatabase() {
        TestDatabase db = createDatabase();
        databases.add(db);
        return db;
    }

    /** The first database made: the one the suite's service runs on. */
    protected TestDatabase database() {
        return databases.get(0);
    }

    /** Removes what {@link #newDatabase()} made; called once the services are stopped. */
    private void dropDatabases() throws Exception {
        for (TestDatabase db : databases) {
            db.close();
        }
    }

    @BeforeAll
    void startService() throws Exception {
        props = serviceProperties(newDatabase(), false);
        server = start(props);
        http = new Http(baseUrl(server));
    }

    @AfterAll
    void stopService() throws Exception {
        try {
            if (server != null) {
                server.getApplicationContext().close();
            }
        } finally {
            dropDatabases();
        }
    }

    /** Shorter than the default 5 s, so that a runaway script's test is quick and shows the setting applies. */
    static final long SCRIPT_CPU_DEADLINE_MS = 1500;

    static Map<String, Object> serviceProperties(Map<String, Object> database, boolean loadSamples) {
        Map<String, Object> p = new HashMap<>(database);
        p.put("micronaut.server.port", -1);
        p.put("micronaut.server.host", "127.0.0.1");
        p.put("flows.load-samples", loadSamples);
        p.put("flows.max-request-bytes", MAX_REQUEST_BYTES);
        p.put("micronaut.server.max-request-size", MAX_REQUEST_BYTES);
        p.put("flows.max-step-payload-bytes", MAX_STEP_PAYLOAD_BYTES);
        p.put("flows.webhook-max-body-bytes", WEBHOOK_MAX_BODY_BYTES);
        p.put("flows.step-checkpoint-interval", "100ms");
        p.put("flows.script-cpu-deadline", SCRIPT_CPU_DEADLINE_MS + "ms");
        return p;
    }

    static EmbeddedServer start(Map<String, Object> props) {
        return TestService.start(props);
    }

    static String baseUrl(EmbeddedServer s) {
        return TestService.baseUrl(s);
    }

    EmbeddedServer server() {
        return server;
    }

    @Test
    void executionsOlderThanTheRetentionArePrunedAndRecentOnesKept() {
        var repo = server.getApplicationContext().getBean(io.flows.engine.store.ExecutionRepository.class);
        java.time.Instant now = java.time.Instant.now();
        var old = new io.flows.engine.store.ExecutionRow("00000000-0000-7000-8000-" + String.format("%012d", seq.incrementAndGet()),
                "pruned", 1, "SUCCEEDED", "{}", "{}", null, now.minus(java.time.Duration.ofDays(40)),
                now.minus(java.time.Duration.ofDays(40)), now.minus(java.time.Duration.ofDays(40)), null, null);
        var recent = new io.flows.engine.store.ExecutionRow("00000000-0000-7000-9000-" + String.format("%012d", seq.incrementAndGet()),
                "pruned", 1, "SUCCEEDED", "{}", "{}", null, now.minus(java.time.Duration.ofDays(2)),
                now.minus(java.time.Duration.ofDays(2)), now.minus(java.time.Duration.ofDays(2)), null, null);
        repo.saveAll(List.of(old, recent));

        int deleted = server.getApplicationContext().getBean(io.flows.engine.service.ExecutionService.class).prune();

        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(repo.findById(old.id())).isEmpty();
        assertThat(repo.findById(recent.id())).isPresent();
    }

    @Test
    void exportAndImportMoveFlowsThroughTheApi() throws Exception {
        String id = id("exported");
        String yaml = "# kept as written\n" + echoFlow(id);
        assertThat(http.post("/api/flows", "application/yaml", yaml).status()).isEqualTo(201);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("flows-export-");
        String url = baseUrl(server);

        assertThat(io.flows.engine.cli.Main.execute("export", dir.toString(), "--url", url)).isZero();
        java.nio.file.Path file = dir.resolve(id + ".yaml");
        assertThat(java.nio.file.Files.readString(file)).isEqualTo(yaml);

        java.nio.file.Files.writeString(file, yaml + "# edited in git\n");
        assertThat(io.flows.engine.cli.Main.execute("import", dir.toString(), "--url", url)).isZero();
        assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).isEqualTo(2);
        assertThat(io.flows.engine.cli.Main.execute("import", dir.toString(), "--url", url)).isZero();
        assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).as("unchanged files make no version").isEqualTo(2);

        String jsonId = id("imported-json");
        java.nio.file.Files.writeString(dir.resolve(jsonId + ".json"), jsonFlow(jsonId));
        assertThat(io.flows.engine.cli.Main.execute("import", dir.toString(), "--url", url)).isZero();
        assertThat(io.flows.engine.cli.Main.execute("import", dir.toString(), "--url", url)).isZero();
        assertThat(http.get("/api/flows/" + jsonId).json().get("version").asInt()).as("an unchanged JSON file neither")
                .isEqualTo(1);

        java.nio.file.Files.writeString(dir.resolve("broken.yaml"), "id: broken\nsteps: [ { id: a, type: nope } ]\n");
        assertThat(io.flows.engine.cli.Main.execute("import", dir.toString(), "--url", url)).isEqualTo(2);
    }

    @Test
    void aFlowDisabledWhenExportedIsCreatedDisabledByTheImport() throws Exception {
        String id = id("exported-off");
        assertThat(http.post("/api/flows", "application/yaml", echoFlow(id)).status()).isEqualTo(201);
        assertThat(http.post("/api/flows/" + id + "/disable", null, null).status()).isEqualTo(200);
        Path dir = Files.createTempDirectory("flows-export-");
        String url = baseUrl(server);

        assertThat(Cli.run("export", dir.toString(), "--url", url).exit()).isZero();
        assertThat(Files.readAllLines(dir.resolve("disabled-flows.txt"))).contains(id);
        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);

        Cli.Outcome imported = Cli.run("import", dir.toString(), "--url", url);
        assertThat(imported.exit()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains(id + ".yaml: " + id + " created disabled");
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{}").status()).as("never started").isEqualTo(409);

        // an existing flow keeps its state: the list only decides for the flows an import creates
        assertThat(http.post("/api/flows/" + id + "/enable", null, null).status()).isEqualTo(200);
        Files.writeString(dir.resolve(id + ".yaml"), echoFlow(id) + "# changed\n");
        assertThat(Cli.run("import", dir.toString(), "--url", url).out()).contains(id + " version");
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{}").status()).isEqualTo(202);
        assertThat(Cli.run("export", dir.toString(), "--url", url).exit()).isZero();
        assertThat(Files.exists(dir.resolve("disabled-flows.txt")) ? Files.readAllLines(dir.resolve("disabled-flows.txt"))
                : List.<String>of()).doesNotContain(id);
    }

    @Test
    void importRefusesTwoFilesDeclaringOneFlowIdBeforeSavingAnything() throws Exception {
        String id = id("twice");
        assertThat(http.post("/api/flows", "application/yaml", echoFlow(id)).status()).isEqualTo(201);
        String other = id("alongside");
        Path dir = Files.createTempDirectory("flows-import-");
        Files.writeString(dir.resolve("a.yaml"), echoFlow(id) + "# from a\n");
        Files.writeString(dir.resolve("b.yaml"), echoFlow(id) + "# from b\n");
        Files.writeString(dir.resolve("c.yaml"), echoFlow(other));

        for (int run = 1; run <= 2; run++) {
            Cli.Outcome o = Cli.run("import", dir.toString(), "--url", baseUrl(server));

            assertThat(o.exit()).as(o.toString()).isEqualTo(2);
            assertThat(o.err()).contains("'" + id + "'").contains(dir.resolve("a.yaml").toString())
                    .contains(dir.resolve("b.yaml").toString()).contains("nothing imported");
            assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).as("run " + run).isEqualTo(1);
            assertThat(http.get("/api/flows/" + other).status()).as("not even the other file's flow").isEqualTo(404);
        }

        Files.writeString(dir.resolve("b.yaml"), "id: " + id + "\nsteps:\n  - { id: x, type: no-such-kind }\n");
        Cli.Outcome o = Cli.run("import", dir.toString(), "--url", baseUrl(server));
        assertThat(o.exit()).as(o.toString()).isEqualTo(2);
        assertThat(o.err()).as("an invalid file sharing the id counts too").contains("nothing imported");
        assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).isEqualTo(1);
        assertThat(http.get("/api/flows/" + other).status()).isEqualTo(404);
    }


    @Test
    void createsAFlowFromJsonAndAnswersWithItsLocation() {
        String id = id("json");
        Answer a = http.postJson("/api/flows", jsonFlow(id));

        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.header("Location")).isEqualTo("/api/flows/" + id);
        assertThat(a.json().get("id").asText()).isEqualTo(id);
        assertThat(a.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void createsAFlowFromYamlAndTextYaml() {
        String id = id("yaml");
        Answer a = http.post("/api/flows", "application/yaml", doubleFlow(id));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.header("Location")).isEqualTo("/api/flows/" + id);
        assertThat(a.json().get("id").asText()).isEqualTo(id);
        assertThat(a.json().get("version").asInt()).isEqualTo(1);

        String other = id("text-yaml");
        Answer b = http.post("/api/flows", "text/yaml", doubleFlow(other));
        assertThat(b.status()).as(b.toString()).isEqualTo(201);
        assertThat(b.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void readsAYamlFlowInTheCharsetItsContentTypeDeclaresAndJsonAsUtf8() {
        String id = id("latin1");
        String yaml = "id: " + id + "\nname: Caf\u00e9\nsteps: []\n";
        Answer a = sendBytes("/api/flows", "application/yaml; charset=iso-8859-1",
                yaml.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(http.get("/api/flows/" + id, "Accept", "application/yaml").body()).isEqualTo(yaml);
        assertThat(http.get("/api/flows/" + id).json().path("name").asText()).isEqualTo("Caf\u00e9");

        Answer v = sendBytes("/api/flows/validate", "application/yaml; charset=iso-8859-1",
                ("id: x\nname: Caf\u00e9\nsteps: []\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(v.json().path("valid").asBoolean()).as(v.toString()).isTrue();

        Answer json = sendBytes("/api/flows/validate", "application/json; charset=iso-8859-1",
                ("{\"id\": \"x\", \"name\": \"Caf\u00e9\", \"steps\": []}").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(json.json().path("errors").get(0).path("message").asText()).as(json.toString())
                .startsWith("the document is not valid UTF-8 text: the byte 0xE9 here is no UTF-8 character;");

        Answer notShiftJis = sendBytes("/api/flows", "application/yaml; charset=Shift_JIS",
                new byte[] {'i', 'd', ':', ' ', (byte) 0x81, (byte) 0x20});
        assertThat(notShiftJis.status()).as(notShiftJis.toString()).isEqualTo(400);
        assertThat(notShiftJis.json().path("errors").get(0).path("message").asText())
                .isEqualTo("the document is not valid Shift_JIS text, the charset its Content-Type declares");
    }

    @Test
    void rejectsAnInvalidFlowWithAProblemListingEachErrorAndItsLocation() {
        String id = id("invalid");
        String yaml = """
                id: %s
                trigger: { type: manual }
                steps:
                  - id: first
                    type: transform
                    script: "return input"
                    retry: { maxAttempts: 0 }
                """.formatted(id);
        Answer a = http.post("/api/flows", "application/yaml", yaml);

        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        JsonNode p = a.json();
        assertProblemShape(p, 400);
        assertThat(p.get("errors")).as(a.toString()).isNotEmpty();
        JsonNode e = p.get("errors").get(0);
        assertThat(e.path("code").asText()).isNotBlank();
        assertThat(e.path("path").asText()).isEqualTo("steps[0].retry.maxAttempts");
        assertThat(e.path("line").asInt()).isEqualTo(7);
        assertThat(e.path("column").asInt()).isPositive();
        assertThat(e.path("message").asText()).isNotBlank();
        assertThat(http.get("/api/flows/" + id).status()).isEqualTo(404);
    }

    @Test
    void rejectsAnInvalidJsonFlowWithLocationsToo() {
        String id = id("invalid-json");
        String json = "{\n  \"id\": \"" + id + "\",\n  \"trigger\": {\"type\": \"manual\"},\n"
                + "  \"steps\": [\n    {\"id\": \"a\", \"type\": \"no-such-kind\"}\n  ]\n}";
        Answer a = http.postJson("/api/flows", json);

        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        JsonNode e = a.json().get("errors").get(0);
        assertThat(e.path("code").asText()).isNotBlank();
        assertThat(e.path("path").asText()).startsWith("steps[0]");
        assertThat(e.path("line").asInt()).isEqualTo(5);
        assertThat(e.path("column").asInt()).isPositive();
    }

    @Test
    void anEmptyFlowDocumentIsRefusedWithTheProblemThatValidateNames() {
        String id = id("empty-doc");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer create = http.post("/api/flows", "application/yaml", "");
        Answer update = http.put("/api/flows/" + id, "application/yaml", "");
        assertThat(create.status()).as(create.toString()).isEqualTo(400);
        assertThat(update.status()).as(update.toString()).isEqualTo(400);
        for (Answer a : List.of(create, update, http.post("/api/flows/validate", "application/yaml", ""))) {
            JsonNode errors = a.json().path("errors");
            assertThat(errors.size()).as(a.toString()).isEqualTo(1);
            assertThat(errors.get(0).path("code").asText()).as(a.toString()).isEqualTo("EMPTY_DOCUMENT");
        }
        assertThat(http.get("/api/flows/" + id + "/versions").json()).hasSize(1);
    }

    @Test
    void rejectsAFlowWhoseIdExistsWithConflict() {
        String id = id("dup");
        assertThat(http.post("/api/flows", "application/yaml", doubleFlow(id)).status()).isEqualTo(201);

        Answer again = http.post("/api/flows", "application/yaml", doubleFlow(id));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.contentType()).startsWith(PROBLEM);
        assertProblemShape(again.json(), 409);
    }

    @Test
    void rejectsASecondFlowClaimingTheSameWebhookPath() {
        String path = id("hook-path");
        assertThat(http.post("/api/flows", "application/yaml", webhookFlow(id("hook-a"), path)).status()).isEqualTo(201);

        String b = id("hook-b");
        Answer a = http.post("/api/flows", "application/yaml", webhookFlow(b, path));
        assertThat(a.status()).as(a.toString()).isEqualTo(409);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(http.get("/api/flows/" + b).status()).isEqualTo(404);
    }

    @Test
    void rejectsPlainTextWithUnsupportedMediaType() {
        Answer a = http.post("/api/flows", "text/plain", doubleFlow(id("plain")));

        assertThat(a.status()).as(a.toString()).isEqualTo(415);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertProblemShape(a.json(), 415);
    }


    @Test
    void readsTheLatestVersionAsJsonWithVersionAndETag() {
        String id = id("get-json");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer a = http.get("/api/flows/" + id);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.header("ETag")).isEqualTo("\"1\"");
        JsonNode f = a.json();
        assertThat(f.get("id").asText()).isEqualTo(id);
        assertThat(f.get("version").asInt()).isEqualTo(1);
        assertThat(f.get("name").asText()).isEqualTo("Double it");
        assertThat(f.get("steps")).hasSize(2);

        Answer explicit = http.get("/api/flows/" + id, "Accept", "application/json");
        assertThat(explicit.status()).isEqualTo(200);
        assertThat(explicit.json().get("version").asInt()).isEqualTo(1);
        assertThat(explicit.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void readsAYamlFlowBackAsExactlyTheSavedText() {
        String id = id("get-yaml");
        String yaml = doubleFlow(id);
        http.post("/api/flows", "application/yaml", yaml);

        Answer a = http.get("/api/flows/" + id, "Accept", "application/yaml");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).contains("yaml");
        assertThat(a.header("ETag")).isEqualTo("\"1\"");
        assertThat(a.body()).isEqualTo(yaml);
        assertThat(a.body()).contains("# the comment is part of the saved text");

        Answer weighted = http.get("/api/flows/" + id, "Accept", "application/json;q=0.1, application/yaml");
        assertThat(weighted.contentType()).as("quality values count").contains("yaml");
        assertThat(weighted.body()).isEqualTo(yaml);
    }

    @Test
    void acceptRangesMatchAsRfc9110SaysWildcardsAndQualityValuesIncluded() {
        String id = id("accept-ranges");
        String yaml = doubleFlow(id);
        http.post("/api/flows", "application/yaml", yaml);

        for (String accept : List.of("application/*", "*/*", "text/html, */*;q=0.1", "application/*;q=0.5, text/plain")) {
            Answer list = http.get("/api/flows", "Accept", accept);
            assertThat(list.status()).as("Accept: %s -> %s", accept, list).isEqualTo(200);
            assertThat(list.contentType()).startsWith("application/json");
        }
        Answer run = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 2}", "Accept", "application/*");
        assertThat(run.status()).as(run.toString()).isEqualTo(200);

        Answer json = http.get("/api/flows/" + id, "Accept", "application/*");
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.contentType()).as("JSON wins a tie").startsWith("application/json");
        Answer text = http.get("/api/flows/" + id, "Accept", "text/*");
        assertThat(text.status()).as(text.toString()).isEqualTo(200);
        assertThat(text.body()).isEqualTo(yaml);
        Answer notJson = http.get("/api/flows/" + id, "Accept", "application/json;q=0, */*");
        assertThat(notJson.status()).as(notJson.toString()).isEqualTo(200);
        assertThat(notJson.contentType()).as("q=0: not acceptable").contains("yaml");

        // q=0 means "not acceptable": of what these endpoints answer, nothing is left
        for (String accept : List.of("application/json;q=0", "*/*, application/json;q=0", "text/plain", "text/*")) {
            Answer refused = http.get("/api/flows", "Accept", accept);
            assertThat(refused.status()).as("Accept: %s -> %s", accept, refused).isEqualTo(406);
            assertThat(refused.contentType()).startsWith(PROBLEM);
            assertThat(refused.json().get("detail").asText()).isEqualTo("this endpoint answers application/json, "
                    + "which the request's Accept header (" + accept + ") does not accept");
        }
        assertThat(http.get("/api/flows/" + id, "Accept", "text/html").status()).isEqualTo(406);

        // what a browser sends for a page, and for a file
        String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        for (String page : List.of("/", "/openapi/flows-0.1.yml")) {
            for (String accept : List.of(browser, "*/*")) {
                Answer a = http.get(page, "Accept", accept);
                assertThat(a.status()).as("%s with Accept: %s -> %s", page, accept, a.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void listsFlowsWithTheirTriggerAndLastExecution() {
        String id = id("listed");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        JsonNode before = find(http.get("/api/flows").json(), id);
        assertThat(before.get("name").asText()).isEqualTo("Double it");
        assertThat(before.get("description").asText()).isEqualTo("Doubles n");
        assertThat(before.get("version").asInt()).isEqualTo(1);
        assertThat(before.get("enabled").asBoolean()).isTrue();
        assertThat(before.get("trigger").get("type").asText()).isEqualTo("manual");
        assertThat(Instant.parse(before.get("updatedAt").asText())).isNotNull();
        assertThat(before.has("lastExecution")).isTrue();
        assertThat(before.get("lastExecution").isNull()).isTrue();

        String execution = runAndWait(id, "{\"n\": 1}").get("id").asText();
        JsonNode after = find(http.get("/api/flows").json(), id);
        assertThat(after.get("lastExecution").get("id").asText()).isEqualTo(execution);
        assertThat(after.get("lastExecution").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Instant.parse(after.get("lastExecution").get("startedAt").asText())).isNotNull();
    }

    @Test
    void answersNotFoundForAFlowThatDoesNotExist() {
        String missing = id("missing");
        List<Answer> answers = List.of(
                http.get("/api/flows/" + missing),
                http.get("/api/flows/" + missing, "Accept", "application/yaml"),
                http.put("/api/flows/" + missing, "application/yaml", doubleFlow(missing)),
                http.post("/api/flows/" + missing + "/disable", null, null),
                http.post("/api/flows/" + missing + "/enable", null, null),
                http.delete("/api/flows/" + missing),
                http.get("/api/flows/" + missing + "/versions"),
                http.get("/api/flows/" + missing + "/versions/1"),
                http.postJson("/api/flows/" + missing + "/executions", "{}"),
                http.get("/api/flows/" + missing + "/executions"),
                http.get("/api/flows/" + missing + "/executions?status=FAILED"),
                http.get("/api/executions/" + UUID.randomUUID()),
                http.post("/api/executions/" + UUID.randomUUID() + "/cancel", null, null),
                http.post("/api/executions/" + UUID.randomUUID() + "/replay", null, null));
        for (Answer a : answers) {
            assertThat(a.status()).as(a.toString()).isEqualTo(404);
            assertThat(a.contentType()).as(a.toString()).startsWith(PROBLEM);
            assertProblemShape(a.json(), 404);
        }
    }


    @Test
    void savesANewVersionWithPutGuardedByIfMatch() {
        String id = id("put");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer put = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id).replace("Double it", "Double it twice"),
                "If-Match", "\"1\"");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("id").asText()).isEqualTo(id);
        assertThat(put.json().get("version").asInt()).isEqualTo(2);

        Answer stale = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id).replace("Double it", "Lost update"),
                "If-Match", "\"1\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith(PROBLEM);
        assertProblemShape(stale.json(), 412);

        Answer latest = http.get("/api/flows/" + id);
        assertThat(latest.header("ETag")).isEqualTo("\"2\"");
        assertThat(latest.json().get("version").asInt()).isEqualTo(2);
        assertThat(latest.json().get("name").asText()).isEqualTo("Double it twice");
    }

    @Test
    void anIfMatchThatIsNotAVersionIs400() {
        String id = id("put-bad-match");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        // "037" is not the tag "37" (strong comparison is character by character), so it names no version
        for (String bad : List.of("\"abc\"", "-1", "\"0\"", "1.5", "\"037\"", "037")) {
            Answer a = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", bad);
            assertThat(a.status()).as("If-Match: %s -> %s", bad, a).isEqualTo(400);
            assertProblemShape(a.json(), 400);
        }
        assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).as("nothing saved").isEqualTo(1);
    }

    @Test
    void anIfMatchListMatchesWhenAnyOfItsTagsNamesTheLatestVersion() {
        String id = id("put-match-list");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer listed = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", "\"5\", \"1\"");
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.header("ETag")).isEqualTo("\"2\"");
        Answer stale = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", "\"1\",\"3\"");
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.json().path("detail").asText()).contains("at version 2, not 1 or 3");
        // a list may have empty elements, and two header lines are one list
        Answer lines = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id),
                "If-Match", "\"7\", ,", "If-Match", "\"2\"");
        assertThat(lines.status()).as(lines.toString()).isEqualTo(200);
        assertThat(lines.header("ETag")).isEqualTo("\"3\"");
        Answer any = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", "*");
        assertThat(any.status()).as(any.toString()).isEqualTo(200);

        for (String malformed : List.of("\"5\" \"4\"", "\"4\", *", "*, *", "\"4", "W/4", "\"4\";")) {
            Answer a = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", malformed);
            assertThat(a.status()).as("If-Match: %s -> %s", malformed, a).isEqualTo(400);
            assertThat(a.json().path("detail").asText()).as(malformed).contains("If-Match").contains(malformed);
        }
        // a list of no tags matches no version (RFC 9110 §13.1.1): a precondition that fails, not no precondition
        for (String empty : List.of("", ",", " , ")) {
            Answer a = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", empty);
            assertThat(a.status()).as("If-Match: '%s' -> %s", empty, a).isEqualTo(412);
            assertThat(a.json().path("detail").asText()).contains("lists no entity tag");
        }
        assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).as("nothing saved").isEqualTo(4);
    }

    @Test
    void aNewVersionMayLeaveItsIdToTheUrl() {
        String id = id("put-no-id");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String withoutId = doubleFlow(id).replace("id: " + id + "\n", "");
        assertThat(withoutId).doesNotContain("id: " + id);

        Answer yaml = http.put("/api/flows/" + id, "application/yaml", withoutId, "If-Match", "\"1\"");
        assertThat(yaml.status()).as(yaml.toString()).isEqualTo(200);
        assertThat(http.get("/api/flows/" + id, "Accept", "application/yaml").body())
                .as("the stored text names its flow").isEqualTo("id: " + id + "\n" + withoutId);

        // the layouts that linters and editors write: a document start, a directive, flow style
        String[] layouts = {"---\n" + withoutId, "%YAML 1.2\n---\n" + withoutId, "{steps: []}\n"};
        for (int i = 0; i < layouts.length; i++) {
            Answer put = http.put("/api/flows/" + id, "application/yaml", layouts[i], "If-Match", "\"" + (2 + i) + "\"");
            assertThat(put.status()).as(layouts[i] + " -> " + put).isEqualTo(200);
            assertThat(http.get("/api/flows/" + id, "Accept", "application/yaml").body()).contains("id: " + id);
        }
        assertThat(http.get("/api/flows/" + id, "Accept", "application/yaml").body()).isEqualTo("{id: " + id + ", steps: []}\n");

        Answer json = http.put("/api/flows/" + id, "application/json", "{\"steps\": []}", "If-Match", "\"5\"");
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(http.get("/api/flows/" + id).json().get("id").asText()).isEqualTo(id);
        assertThat(http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"a\": 1}").json().get("output"))
                .isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void actionsWithoutABodyTakeWhateverContentTypeComesWithNone() {
        String id = id("form-type");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String form = "application/x-www-form-urlencoded"; // what curl -d '' and Python's urllib send
        Answer off = http.send("POST", "/api/flows/" + id + "/disable", form, "");
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().get("enabled").asBoolean()).isFalse();
        assertThat(http.send("POST", "/api/flows/" + id + "/enable", "text/plain", "").status()).isEqualTo(200);
        String execution = runAndWait(id, "{\"n\": 1}").get("id").asText();
        assertThat(http.send("POST", "/api/executions/" + execution + "/replay", form, "").status()).isEqualTo(202);
        assertThat(http.send("POST", "/api/executions/" + execution + "/cancel", form, "").status()).isEqualTo(200);
        assertThat(http.send("DELETE", "/api/flows/" + id, form, "").status()).isEqualTo(204);
    }

    @Test
    void aFlowCreatedDisabledIsNeverStartedByItsTrigger() {
        String id = id("born-off");
        Answer created = http.post("/api/flows?enabled=false", "application/yaml", doubleFlow(id));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode listed = null;
        for (JsonNode f : http.get("/api/flows").json()) {
            listed = f.get("id").asText().equals(id) ? f : listed;
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("enabled").asBoolean()).isFalse();
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{\"n\": 1}").status()).isEqualTo(409);
        assertThat(http.post("/api/flows?enabled=maybe", "application/yaml", doubleFlow(id("born-maybe"))).status())
                .isEqualTo(400);
    }

    @Test
    void anIfMatchAheadOfTheFlowSaysThereIsNoSuchVersionYet() {
        String id = id("put-ahead");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer ahead = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id), "If-Match", "\"99\"");
        assertThat(ahead.status()).isEqualTo(412);
        assertThat(ahead.json().get("detail").asText()).contains("no version 99").doesNotContain("someone else");
    }

    @Test
    void putWithoutIfMatchStillSavesANewVersion() {
        String id = id("put-no-match");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer put = http.put("/api/flows/" + id, "application/json", jsonFlow(id));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void putRejectsABodyWhoseIdDiffersFromTheUrl() {
        String id = id("put-id");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer a = http.put("/api/flows/" + id, "application/yaml", doubleFlow(id("someone-else")), "If-Match", "\"1\"");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(http.get("/api/flows/" + id).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void putRejectsAnInvalidFlowWithProblemErrors() {
        String id = id("put-invalid");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer a = http.put("/api/flows/" + id, "application/yaml",
                doubleFlow(id).replace("type: transform", "type: no-such-kind"), "If-Match", "\"1\"");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(a.json().get("errors")).isNotEmpty();
    }

    @Test
    void listsVersionsNewestFirstAndReadsAnOldOne() {
        String id = id("versions");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        http.put("/api/flows/" + id, "application/yaml", doubleFlow(id).replace("Double it", "Second"), "If-Match", "\"1\"");
        http.put("/api/flows/" + id, "application/yaml", doubleFlow(id).replace("Double it", "Third"), "If-Match", "\"2\"");

        Answer list = http.get("/api/flows/" + id + "/versions");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<Integer> versions = new ArrayList<>();
        list.json().forEach(v -> {
            versions.add(v.get("version").asInt());
            assertThat(Instant.parse(v.get("createdAt").asText())).isNotNull();
        });
        assertThat(versions).containsExactly(3, 2, 1);

        Answer second = http.get("/api/flows/" + id + "/versions/2");
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
        assertThat(second.json().get("name").asText()).isEqualTo("Second");
        assertThat(second.json().get("updatedAt")).as("a past version was last changed when it was saved")
                .isEqualTo(second.json().get("createdAt"));
        assertThat(Instant.parse(http.get("/api/flows/" + id).json().get("updatedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(list.json().get(0).get("createdAt").asText()));

        Answer secondYaml = http.get("/api/flows/" + id + "/versions/2", "Accept", "application/yaml");
        assertThat(secondYaml.status()).isEqualTo(200);
        assertThat(secondYaml.body()).isEqualTo(doubleFlow(id).replace("Double it", "Second"));

        Answer none = http.get("/api/flows/" + id + "/versions/9");
        assertThat(none.status()).as(none.toString()).isEqualTo(404);
        assertThat(none.contentType()).startsWith(PROBLEM);
    }

    @Test
    void aFetchedFlowCanBeSentBackUnchanged() {
        String id = id("round-trip");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer fetched = http.get("/api/flows/" + id);
        assertThat(fetched.json().has("version")).isTrue();

        Answer put = http.put("/api/flows/" + id, "application/json", fetched.body(), "If-Match", fetched.header("ETag"));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(2);

        Answer again = http.get("/api/flows/" + id);
        assertThat(again.json().has("createdAt") || again.json().has("updatedAt")).isTrue();
        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);
        Answer post = http.postJson("/api/flows", again.body());
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(post.json().get("version").asInt()).isEqualTo(3);
        assertThat(runAndWait(id, "{\"n\": 4}").get("output").get("doubled").asInt()).isEqualTo(8);
    }


    @Test
    void aDisabledFlowRefusesExecutionsUntilEnabledAgain() {
        String id = id("disable");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer off = http.post("/api/flows/" + id + "/disable", null, null);
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(off.json().get("id").asText()).isEqualTo(id);
        assertThat(off.json().get("enabled").asBoolean()).isFalse();
        assertThat(find(http.get("/api/flows").json(), id).get("enabled").asBoolean()).isFalse();

        Answer refused = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 1}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith(PROBLEM);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).isEmpty();

        Answer on = http.post("/api/flows/" + id + "/enable", null, null);
        assertThat(on.status()).as(on.toString()).isEqualTo(200);
        assertThat(on.json().get("enabled").asBoolean()).isTrue();
        Answer runs = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 1}");
        assertThat(runs.status()).as(runs.toString()).isEqualTo(202);
    }

    @Test
    void deletingAFlowKeepsItsExecutionsReadable() {
        String id = id("delete");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String execution = runAndWait(id, "{\"n\": 2}").get("id").asText();

        Answer deleted = http.delete("/api/flows/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();

        assertThat(http.get("/api/flows/" + id).status()).isEqualTo(404);
        assertThat(ids(http.get("/api/flows").json())).doesNotContain(id);
        Answer e = http.get("/api/executions/" + execution);
        assertThat(e.status()).as(e.toString()).isEqualTo(200);
        assertThat(e.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(e.json().get("output").get("doubled").asInt()).isEqualTo(4);
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{}").status()).isEqualTo(404);

        Answer listed = http.get("/api/flows/" + id + "/executions");
        assertThat(listed.status()).as("a deleted flow's executions stay listed: " + listed).isEqualTo(200);
        assertThat(ids(listed.json())).containsExactly(execution);
        Answer noneFailed = http.get("/api/flows/" + id + "/executions?status=FAILED");
        assertThat(noneFailed.status()).as(noneFailed.toString()).isEqualTo(200);
        assertThat(noneFailed.json()).isEmpty();
    }

    @Test
    void executionsWhoseFlowRowIsGoneAreStillListed() {
        // e.g. moved from another database by hand: the executions alone make the id known
        String flow = id("rowless");
        String execution = "00000000-0000-7000-a000-" + String.format("%012d", seq.incrementAndGet());
        Instant at = Instant.now();
        server.getApplicationContext().getBean(ExecutionRepository.class).save(new ExecutionRow(execution, flow, 1,
                "SUCCEEDED", "{}", "{}", null, at, at, at, null, null));

        assertThat(ids(http.get("/api/flows/" + flow + "/executions").json())).containsExactly(execution);
        Answer failed = http.get("/api/flows/" + flow + "/executions?status=FAILED");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.json()).isEmpty();
    }

    @Test
    void aFlowWithoutExecutionsListsNoneAndSoDoesADeletedOne() {
        String id = id("no-runs");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer none = http.get("/api/flows/" + id + "/executions");
        assertThat(none.status()).as(none.toString()).isEqualTo(200);
        assertThat(none.json()).isEmpty();

        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);
        Answer deleted = http.get("/api/flows/" + id + "/executions");
        assertThat(deleted.status()).as("the id named a flow: " + deleted).isEqualTo(200);
        assertThat(deleted.json()).isEmpty();
    }

    @Test
    void aDeletedIdCanBeCreatedAgainAndItsVersionsContinue() {
        String id = id("recreate");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);

        Answer again = http.post("/api/flows", "application/json", jsonFlow(id));
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.header("Location")).isEqualTo("/api/flows/" + id);
        assertThat(again.json().get("version").asInt()).isEqualTo(2);

        Answer now = http.get("/api/flows/" + id);
        assertThat(now.header("ETag")).isEqualTo("\"2\"");
        assertThat(now.json().get("name").asText()).isEqualTo("JSON flow");
        // the deleted flow's version is not one of this flow's, as a replay of its executions is refused
        Answer versions = http.get("/api/flows/" + id + "/versions");
        assertThat(versions.json().findValuesAsText("version")).as(versions.toString()).containsExactly("2");
        Answer old = http.get("/api/flows/" + id + "/versions/1");
        assertThat(old.status()).as(old.toString()).isEqualTo(404);
        assertThat(old.contentType()).startsWith(PROBLEM);
        assertThat(old.json().get("detail").asText()).isEqualTo("version 1 of '" + id + "' belonged to a flow that "
                + "was deleted; the flow now under its id was created again from version 2");
        assertThat(http.get("/api/flows/" + id + "/versions/2").json().get("name").asText()).isEqualTo("JSON flow");
        assertThat(http.get("/api/flows/" + id + "/versions/0").json().get("detail").asText())
                .isEqualTo("flow '" + id + "' has no version 0");
    }

    @Test
    void aDeletedFlowReleasesItsWebhookPath() {
        String path = id("released-path");
        String first = id("hook-first");
        http.post("/api/flows", "application/yaml", webhookFlow(first, path));
        assertThat(http.delete("/api/flows/" + first).status()).isEqualTo(204);

        Answer a = http.post("/api/flows", "application/yaml", webhookFlow(id("hook-second"), path));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }


    @Test
    void validatesAFlowWithoutSavingIt() {
        String id = id("validate");
        Answer yaml = http.post("/api/flows/validate", "application/yaml", doubleFlow(id));
        assertThat(yaml.status()).as(yaml.toString()).isEqualTo(200);
        assertThat(yaml.json().get("valid").asBoolean()).isTrue();
        assertThat(yaml.json().has("errors")).isFalse();

        Answer json = http.postJson("/api/flows/validate", jsonFlow(id));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.json().get("valid").asBoolean()).isTrue();

        assertThat(http.get("/api/flows/" + id).status()).isEqualTo(404);
    }

    @Test
    void warningsAreAnsweredByValidateAndBySavesWithoutStoppingTheFlow() {
        String id = id("warned");
        String yaml = """
                id: %s
                trigger: { type: manual }
                steps:
                  - id: canned
                    type: error-injection
                    mode: respond
                    error: { code: ERP_DOWN }
                    response: { status: 200, body: { erpId: "ERP-1" } }
                """.formatted(id);
        Answer checked = http.post("/api/flows/validate", "application/yaml", yaml);
        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        assertThat(checked.json().get("valid").asBoolean()).isTrue();
        assertThat(checked.json().has("errors")).isFalse();
        JsonNode w = checked.json().get("warnings").get(0);
        assertThat(w.path("code").asText()).isEqualTo("IGNORED_FIELD");
        assertThat(w.path("path").asText()).isEqualTo("steps[0].error");
        assertThat(w.path("line").asInt()).isEqualTo(7);
        assertThat(w.path("message").asText()).contains("mode respond does not use error");

        Answer created = http.post("/api/flows", "application/yaml", yaml);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("version").asInt()).isEqualTo(1);
        assertThat(created.json().get("warnings")).hasSize(1);

        Answer run = http.postJson("/api/flows/" + id + "/executions?wait=true", "{}");
        assertThat(run.json().path("status").asText()).as(run.toString()).isEqualTo("SUCCEEDED");
        assertThat(run.json().path("output").path("body").path("erpId").asText()).isEqualTo("ERP-1");

        Answer fixed = http.put("/api/flows/" + id, "application/yaml", yaml.replace("    error: { code: ERP_DOWN }\n", ""),
                "If-Match", "\"1\"");
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
        assertThat(fixed.json().get("version").asInt()).isEqualTo(2);
        assertThat(fixed.json().has("warnings")).as(fixed.toString()).isFalse();
        Answer clean = http.post("/api/flows/validate", "application/yaml", doubleFlow(id("unwarned")));
        assertThat(clean.json().has("warnings")).as(clean.toString()).isFalse();

        Answer refused = http.post("/api/flows", "application/yaml", yaml.replace(id, id("warned-invalid"))
                .replace("mode: respond", "mode: respond\n    every: 0"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).path("path").asText()).isEqualTo("steps[0].every");
        assertThat(refused.json().get("warnings").get(0).path("path").asText()).isEqualTo("steps[0].error");
    }

    @Test
    void validateListsTheProblemsOfAnInvalidFlow() {
        String yaml = """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: same, type: transform, script: "return input" }
                  - { id: same, type: transform, script: "return input" }
                """.formatted(id("validate-bad"));
        Answer a = http.post("/api/flows/validate", "application/yaml", yaml);

        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("valid").asBoolean()).isFalse();
        JsonNode e = a.json().get("errors").get(0);
        assertThat(e.path("code").asText()).isNotBlank();
        assertThat(e.path("path").asText()).startsWith("steps[1]");
        assertThat(e.path("line").asInt()).isEqualTo(5);
        assertThat(e.path("column").asInt()).isPositive();
        assertThat(e.path("message").asText()).isNotBlank();
    }

    @Test
    void validateAnswersValidFalseForTextThatDoesNotParse() {
        Answer yaml = http.post("/api/flows/validate", "application/yaml", "id: [unclosed\nsteps: {\n");
        assertThat(yaml.status()).as(yaml.toString()).isEqualTo(200);
        assertThat(yaml.json().get("valid").asBoolean()).isFalse();
        assertThat(yaml.json().get("errors")).isNotEmpty();
        assertThat(yaml.json().get("errors").get(0).path("code").asText()).isNotBlank();
        assertThat(yaml.json().get("errors").get(0).path("message").asText()).isNotBlank();

        Answer json = http.postJson("/api/flows/validate", "{\"id\": ");
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().get("valid").asBoolean()).isFalse();
        assertThat(json.json().get("errors")).isNotEmpty();
    }

    @Test
    void validateAnswersPayloadTooLargeOverTheSizeLimit() {
        String big = doubleFlow(id("too-big")) + "# " + "x".repeat(100 * 1024) + "\n";
        Answer a = http.post("/api/flows/validate", "application/yaml", big);

        assertThat(a.status()).as(a.request() + " -> " + a.status()).isEqualTo(413);
        assertThat(a.contentType()).startsWith(PROBLEM);
    }

    @Test
    void createAnswersPayloadTooLargeOverTheSizeLimit() {
        String id = id("too-big-create");
        String big = doubleFlow(id) + "# " + "x".repeat(100 * 1024) + "\n";
        Answer a = http.post("/api/flows", "application/yaml", big);

        assertThat(a.status()).as(a.request() + " -> " + a.status()).isEqualTo(413);
        assertThat(http.get("/api/flows/" + id).status()).isEqualTo(404);
    }

    @Test
    void aStatusHasOneTitleWhetherTheServiceOrTheFrameworkAnswers() {
        String id = id("titles");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        List<Map.Entry<Integer, Answer>> answers = List.of(
                Map.entry(404, http.get("/api/flows/" + id("missing"))),
                Map.entry(404, http.get("/api/no-such-route")),
                Map.entry(400, http.get("/api/flows/" + id + "/executions?status=bogus")),
                Map.entry(400, http.get("/api/flows/" + id + "/executions?limit=abc")),
                Map.entry(400, http.post("/api/flows", "application/yaml", "id: " + id("invalid") + "\nsteps: []\nnope: 1\n")),
                Map.entry(409, http.post("/api/flows", "application/yaml", echoFlow(id))),
                Map.entry(415, http.post("/api/flows", "text/plain", echoFlow(id("plain")))),
                Map.entry(405, http.send("DELETE", "/api/schema/flow", null, null)));
        for (Map.Entry<Integer, Answer> e : answers) {
            assertThat(e.getValue().status()).as(e.getValue().toString()).isEqualTo(e.getKey());
            assertProblemShape(e.getValue().json(), e.getKey());
        }
    }

    @Test
    void aRequestLineOverTheLimitIs414AndHeadersOverTheLimitAre431NotABodyTooLarge() {
        Answer longLine = http.get("/api/flows?q=" + "a".repeat(5000));
        assertThat(longLine.status()).as(longLine.body()).isEqualTo(414);
        assertThat(longLine.contentType()).startsWith(PROBLEM);
        assertProblemShape(longLine.json(), 414);
        assertThat(longLine.json().path("detail").asText()).contains("request line").contains("4096 bytes")
                .doesNotContain("body");

        Answer bigHeaders = http.get("/api/flows", "X-Padding", "a".repeat(9000));
        assertThat(bigHeaders.status()).as(bigHeaders.body()).isEqualTo(431);
        assertThat(bigHeaders.contentType()).startsWith(PROBLEM);
        assertProblemShape(bigHeaders.json(), 431);
        assertThat(bigHeaders.json().path("detail").asText()).contains("header").contains("8192 bytes")
                .doesNotContain("body");
    }


    @Test
    void startsAnExecutionAsynchronouslyAndItRunsToTheEnd() {
        String id = id("async");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer a = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 21}", "X-Trace", "t-1",
                "X-Api-Key", "caller-key-123");
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        String execution = a.json().get("id").asText();
        assertThat(a.json().get("status").asText()).isEqualTo("QUEUED");
        assertThat(a.header("Location")).isEqualTo("/api/executions/" + execution);

        JsonNode e = awaitStatus(execution, "SUCCEEDED");
        assertThat(e.get("id").asText()).isEqualTo(execution);
        assertThat(e.get("flowId").asText()).isEqualTo(id);
        assertThat(e.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(e.get("trigger").get("type").asText()).isEqualTo("manual");
        assertThat(e.get("trigger").get("body")).isEqualTo(json("{\"n\": 21}"));
        assertThat(e.get("trigger").get("headers").get("x-trace").asText()).isEqualTo("t-1");
        assertThat(e.get("trigger").get("headers").has("x-api-key")).as("a credential header is left out").isFalse();
        assertThat(e.get("output")).isEqualTo(json("{\"doubled\": 42, \"label\": \"done\"}"));
        assertThat(e.get("error").isNull()).isTrue();
        Instant started = Instant.parse(e.get("startedAt").asText());
        Instant finished = Instant.parse(e.get("finishedAt").asText());
        assertThat(finished).isAfterOrEqualTo(started);
        assertThat(e.get("durationMs").asLong()).isCloseTo(Duration.between(started, finished).toMillis(), within(1L));
        assertThat(e.get("steps")).hasSize(2);
    }

    @Test
    void waitTrueAnswersWithTheFinishedExecutionAndItsSteps() {
        String id = id("wait");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 5}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode e = a.json();
        assertThat(e.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(e.get("output")).isEqualTo(json("{\"doubled\": 10, \"label\": \"done\"}"));
        JsonNode steps = e.get("steps");
        assertThat(steps).hasSize(2);
        JsonNode first = steps.get(0);
        assertThat(first.get("stepId").asText()).isEqualTo("double");
        assertThat(first.get("kind").asText()).isEqualTo("transform");
        assertThat(first.get("path").asText()).isEqualTo("steps[0]");
        assertThat(first.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(Instant.parse(first.get("startedAt").asText())).isNotNull();
        assertThat(first.get("durationMs").isNumber()).isTrue();
        assertThat(first.get("input")).isEqualTo(json("{\"n\": 5}"));
        assertThat(first.get("output")).isEqualTo(json("{\"n\": 5, \"doubled\": 10}"));
        assertThat(first.has("error")).isTrue();
        assertThat(steps.get(1).get("stepId").asText()).isEqualTo("label");
        assertThat(steps.get(1).get("path").asText()).isEqualTo("steps[1]");
        assertThat(steps.get(1).get("input")).isEqualTo(json("{\"n\": 5, \"doubled\": 10}"));

        Answer stored = http.get("/api/executions/" + e.get("id").asText());
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(stored.json().get("steps")).isEqualTo(steps);
        assertThat(stored.json().get("output")).isEqualTo(e.get("output"));
    }

    @Test
    void theWaitAnswerIsTheExecutionAsLaterRead() {
        String id = id("wait-same");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        JsonNode waited = runAndWait(id, "{\"n\": 5}");
        JsonNode stored = http.get("/api/executions/" + waited.get("id").asText()).json();
        for (String field : List.of("id", "flowId", "flowVersion", "status", "trigger", "output", "error",
                "startedAt", "finishedAt", "durationMs", "steps")) {
            assertThat(stored.get(field)).as("%s of the wait=true answer and of GET /api/executions/{id}", field)
                    .isEqualTo(waited.get(field));
        }
    }

    @Test
    void aRunawayScriptFailsAtTheConfiguredCpuDeadline() {
        String id = id("runaway");
        http.post("/api/flows", "application/yaml", """
                id: %s
                steps:
                  - { id: spin, type: transform, script: "while (true) {}" }
                """.formatted(id));

        Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true", "{}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode error = a.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("SCRIPT_TIMEOUT");
        assertThat(error.get("message").asText()).as("flows.script-cpu-deadline")
                .contains("CPU deadline of " + SCRIPT_CPU_DEADLINE_MS + "ms");
        assertThat(error.get("stepId").asText()).isEqualTo("spin");
    }

    @Test
    void anEmptyBodyStartsWithAnEmptyObject() {
        String id = id("empty-body");
        http.post("/api/flows", "application/yaml", echoFlow(id));

        Answer a = http.post("/api/flows/" + id + "/executions?wait=true", null, null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("trigger").get("body")).isEqualTo(json("{}"));
        assertThat(a.json().get("output")).isEqualTo(json("{}"));
    }

    @Test
    void aBodyOfTwoJsonDocumentsIs400SayingWhereTheSecondStarts() {
        String id = id("two-documents");
        String path = id("two-documents-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));

        for (String url : List.of("/api/flows/" + id + "/executions", "/hooks/" + path)) {
            Answer a = http.postJson(url, "{} {}");
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertProblemShape(a.json(), 400);
            assertThat(a.json().get("detail").asText()).as(url)
                    .isEqualTo("the body is not valid JSON: content after the end of the document (line 1, column 4)");
        }
        assertThat(http.get("/api/flows/" + id + "/executions").json()).isEmpty();
    }

    @Test
    void aBodyWithHalfASurrogatePairIs400AndWholeEmojisPassIntact() {
        String id = id("surrogates");
        http.post("/api/flows", "application/yaml", echoFlow(id));

        Answer half = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": \"\\ud800 x\"}");
        assertThat(half.status()).as(half.toString()).isEqualTo(400);
        assertProblemShape(half.json(), 400);
        assertThat(half.json().get("detail").asText()).contains("n (\\ud800)");
        Answer low = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": \"\\udc00\"}");
        assertThat(low.status()).as(low.toString()).isEqualTo(400);

        Answer whole = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": \"\\ud83d\\ude00 😀\"}");
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        assertThat(whole.json().get("output").get("n").asText()).isEqualTo("😀 😀");
        JsonNode stored = http.get("/api/executions/" + whole.json().get("id").asText()).json();
        assertThat(stored.get("output").get("n").asText()).isEqualTo("😀 😀");
    }

    @Test
    void halfAnEmojiInAnErrorMessageIsRecordedAsU_FFFDAndTheAnswerIsTheStoredExecution() {
        String id = id("half-emoji");
        String flow = "{\"id\": \"" + id + "\", \"steps\": ["
                + "{\"id\": \"log\", \"type\": \"transform\", \"script\": \"console.log('x'.repeat(1999) + input.name); return input\"},"
                + "{\"id\": \"check\", \"type\": \"transform\", \"script\": \"if (input.name.length > 3)"
                + " throw new Error('name too long: ' + input.name.slice(0, 3) + '...'); return input\"}]}";
        assertThat(http.postJson("/api/flows", flow).status()).isEqualTo(201);

        Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"name\": \"😀😀😀\"}");
        // it ran and was stored: a 500 here made a client that retries on 5xx run it a second time
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("FAILED");
        assertThat(a.json().at("/error/message").asText()).contains("name too long: 😀\uFFFD...");
        assertThat(a.json().at("/steps/1/error/details/jsError").asText()).contains("😀\uFFFD...");
        // a log line cut at its 2000 characters is cut before the emoji its 2000th character is half of
        assertThat(a.json().at("/steps/0/logs/0").asText()).isEqualTo("x".repeat(1999) + "… (truncated)");
        assertThat(a.body()).doesNotContain("?...");
        JsonNode stored = http.get("/api/executions/" + a.json().get("id").asText()).json();
        assertThat(stored).isEqualTo(a.json());
    }

    @Test
    void anyJsonIsATriggerBody() {
        String id = id("any-json");
        http.post("/api/flows", "application/yaml", echoFlow(id));

        Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true", "[1, 2.50, \"three\"]");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("trigger").get("body")).isEqualTo(json("[1, 2.50, \"three\"]"));
        assertThat(a.json().get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void waitWithAShortTimeoutAnswersAcceptedAndTheRunGoesOn() {
        String id = id("wait-timeout");
        http.post("/api/flows", "application/yaml", delayFlow(id, "2s"));

        long t0 = System.nanoTime();
        Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true&timeout=200ms", "{\"n\": 1}");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        String execution = a.json().get("id").asText();
        assertThat(a.header("Location")).isEqualTo("/api/executions/" + execution);
        assertThat(a.json().get("status").asText()).isIn("QUEUED", "RUNNING");
        assertThat(tookMs).isLessThan(1500);
        JsonNode done = awaitStatus(execution, "SUCCEEDED");
        assertThat(done.get("output")).isEqualTo(json("{\"n\": 1}"));
    }

    @Test
    void aZeroTimeoutAnswersTheExecutionAsItIsWithACodeThatAgreesWithItsStatus() {
        String id = id("wait-zero");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        // a repeat of an ended execution: whatever the wait of 0 finds, the execution has ended, so 200
        Answer first = http.postJson("/api/flows/" + id + "/executions?wait=true", "{}", "Idempotency-Key", "k-zero");
        assertThat(first.json().get("status").asText()).as(first.toString()).isEqualTo("SUCCEEDED");
        for (int i = 0; i < 10; i++) {
            for (String zero : List.of("0ms", "0s")) {
                Answer again = http.postJson("/api/flows/" + id + "/executions?wait=true&timeout=" + zero, "{}",
                        "Idempotency-Key", "k-zero");
                assertThat(again.status()).as(again.toString()).isEqualTo(200);
                assertThat(again.json().get("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(again.json().get("steps")).as("the whole execution").hasSize(1);
            }
        }
        // a new one may end before the answer or not: the code says which
        for (int i = 0; i < 10; i++) {
            Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true&timeout=0ms", "{}");
            String status = a.json().get("status").asText();
            assertThat(a.status()).as(a.toString()).isEqualTo(status.equals("SUCCEEDED") ? 200 : 202);
            assertThat(status).as(a.toString()).isIn("QUEUED", "RUNNING", "SUCCEEDED");
        }
    }

    @Test
    void rejectsATriggerBodyThatIsNotJson() {
        String id = id("bad-body");
        http.post("/api/flows", "application/yaml", echoFlow(id));

        Answer a = http.postJson("/api/flows/" + id + "/executions", "{\"n\": ");
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertProblemShape(a.json(), 400);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).isEmpty();
    }


    @Test
    void aRepeatedIdempotencyKeyAnswersWithTheSameExecution() {
        String id = id("idem");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer first = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "order-1");
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        String execution = first.json().get("id").asText();

        Answer second = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "order-1");
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        assertThat(second.json().get("id").asText()).isEqualTo(execution);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.header("Location")).isEqualTo("/api/executions/" + execution);

        awaitStatus(execution, "SUCCEEDED");
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(1);
    }

    @Test
    void aRepeatedIdempotencyKeyWithWaitAnswersWithTheFinishedExecution() {
        String id = id("idem-wait");
        http.post("/api/flows", "application/yaml", doubleFlow(id));

        Answer first = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 3}", "Idempotency-Key", "k-wait");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        Answer second = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 3}", "Idempotency-Key", "k-wait");
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("output")).isEqualTo(first.json().get("output"));

        Answer withoutWait = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "k-wait");
        assertThat(withoutWait.status()).as("a repeat answers like the first request did").isEqualTo(200);
        assertThat(withoutWait.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
    }

    @Test
    void anIdempotencyKeyWhoseExecutionWasPrunedStartsANewExecution() {
        String id = id("idem-pruned");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer first = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 3}", "Idempotency-Key", "k-pruned");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        String pruned = first.json().get("id").asText();
        // what the retention job does to an execution that ended before flows.retention (shorter than the key's)
        server.getApplicationContext().getBean(io.flows.engine.store.StepRepository.class).deleteByExecutionIds(List.of(pruned));
        server.getApplicationContext().getBean(io.flows.engine.store.ExecutionRepository.class).deleteByIdIn(List.of(pruned));

        Answer again = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 3}", "Idempotency-Key", "k-pruned");
        assertThat(again.status()).as("a new start, not a 404 for the pruned execution: " + again).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        String second = again.json().get("id").asText();
        assertThat(second).isNotEqualTo(pruned);

        Answer repeat = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "k-pruned");
        assertThat(repeat.json().get("id").asText()).as("the key now names the new execution").isEqualTo(second);
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aRepeatedIdempotencyKeyAnswersAsBeforeAfterItsFlowWasDisabled() {
        String id = id("idem-disabled");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer first = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "k-off");
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(http.post("/api/flows/" + id + "/disable", null, null).status()).isEqualTo(200);

        Answer again = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "k-off");
        assertThat(again.status()).as("the sender retries a request it made before the flow was disabled: " + again)
                .isEqualTo(202);
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        Answer fresh = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "k-new");
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(409);
    }

    @Test
    void aFlowCreatedAgainUnderADeletedFlowsIdAnswersNeitherItsKeysNorItsReplays() {
        String id = id("idem-reborn");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer old = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 3}", "Idempotency-Key", "k-reborn");
        assertThat(old.json().get("status").asText()).as(old.toString()).isEqualTo("SUCCEEDED");
        String oldId = old.json().get("id").asText();
        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);
        // while the flow is deleted, a retry still gets the execution its first request started
        Answer retried = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3}", "Idempotency-Key", "k-reborn");
        assertThat(retried.json().get("id").asText()).as(retried.toString()).isEqualTo(oldId);
        assertThat(http.post("/api/flows", "application/yaml", doubleFlow(id)).status()).isEqualTo(201);

        Answer fresh = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 3}", "Idempotency-Key", "k-reborn");
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(200);
        assertThat(fresh.header("Idempotent-Replayed")).isNull();
        assertThat(fresh.json().get("id").asText()).isNotEqualTo(oldId);
        assertThat(fresh.json().get("flowVersion").asInt()).isEqualTo(2);

        Answer replay = http.post("/api/executions/" + oldId + "/replay", null, null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(404);
        assertThat(replay.contentType()).startsWith(PROBLEM);
        assertThat(replay.json().get("detail").asText()).contains("was deleted").contains("created again");
    }

    @Test
    void theSameBodyWithItsKeysInAnotherOrderIsNotADifferentBody() {
        String id = id("idem-order");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        Answer first = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3, \"m\": {\"a\": 1, \"b\": 2}}", "Idempotency-Key", "k-order");
        Answer again = http.postJson("/api/flows/" + id + "/executions", "{\"m\": {\"b\": 2, \"a\": 1}, \"n\": 3}", "Idempotency-Key", "k-order");
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        Answer numbers = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3.0, \"m\": {\"a\": 1e0, \"b\": 2.00}}",
                "Idempotency-Key", "k-order");
        assertThat(numbers.status()).as("the same numbers written otherwise: " + numbers).isEqualTo(202);
        assertThat(numbers.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        Answer other = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 3.5, \"m\": {\"a\": 1, \"b\": 2}}",
                "Idempotency-Key", "k-order");
        assertThat(other.status()).as(other.toString()).isEqualTo(422);
    }

    @Test
    void anIdempotencyKeyReusedWithADifferentBodyIsUnprocessable() {
        String id = id("idem-422");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{\"n\": 1}", "Idempotency-Key", "k-1").status())
                .isEqualTo(202);

        Answer a = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 2}", "Idempotency-Key", "k-1");
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertProblemShape(a.json(), 422);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(1);
    }

    @Test
    void anIdempotencyKeyReusedWithOtherQueryParametersIsUnprocessable() {
        String id = id("idem-query");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String start = "/api/flows/" + id + "/executions";
        Answer first = http.postJson(start + "?region=eu&tag=a&tag=b", "{\"n\": 1}", "Idempotency-Key", "k-query");
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        String execution = first.json().get("id").asText();

        for (String same : List.of("?tag=a&region=eu&tag=b", "?region=eu&tag=a&tag=b&wait=false&timeout=1s")) {
            Answer again = http.postJson(start + same, "{\"n\": 1}", "Idempotency-Key", "k-query");
            assertThat(again.status()).as("the same parameters (wait and timeout are the start's own): " + again)
                    .isEqualTo(202);
            assertThat(again.json().get("id").asText()).isEqualTo(execution);
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        }
        for (String other : List.of("?region=us&tag=a&tag=b", "?region=eu&tag=b&tag=a", "?region=eu", "")) {
            Answer refused = http.postJson(start + other, "{\"n\": 1}", "Idempotency-Key", "k-query");
            assertThat(refused.status()).as("the flow would see another trigger.query: " + refused).isEqualTo(422);
            assertProblemShape(refused.json(), 422);
            assertThat(refused.json().get("detail").asText()).contains("different request", "query parameters");
        }
        assertThat(ids(http.get(start).json())).containsExactly(execution);
    }

    @Test
    void aKeyStoredBeforeTheQueryCountedStillAnswersItsRetry() throws Exception {
        // what an earlier version stored for a start with the body {} and ?region=eu: the hex hash of the body alone
        String id = id("idem-upgrade");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String execution = "00000000-0000-7000-b000-" + String.format("%012d", seq.incrementAndGet());
        Instant at = Instant.now();
        server.getApplicationContext().getBean(ExecutionRepository.class).save(new ExecutionRow(execution, id, 1,
                "SUCCEEDED", "{}", "{}", null, at, at, at, null, null));
        String bodyHash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        server.getApplicationContext().getBean(io.flows.engine.store.IdempotencyRepository.class)
                .save(new io.flows.engine.store.IdempotencyRow(id + ":k-old", id, bodyHash, execution, false, at));

        Answer retry = http.postJson("/api/flows/" + id + "/executions?region=eu", "{}", "Idempotency-Key", "k-old");
        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        assertThat(retry.json().get("id").asText()).isEqualTo(execution);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        Answer other = http.postJson("/api/flows/" + id + "/executions?region=eu", "{\"n\": 2}", "Idempotency-Key", "k-old");
        assertThat(other.status()).as(other.toString()).isEqualTo(422);
    }

    @Test
    void anIdempotencyKeyIsCountedInCharactersNotBytes() throws IOException {
        String id = id("idem-chars");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String path = "/api/flows/" + id + "/executions";

        // 255 characters of two UTF-8 bytes each; java.net.http sends no such header, so it is written by hand
        String accents = "é".repeat(255);
        RawAnswer first = rawPost(path, accents.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        RawAnswer again = rawPost(path, accents.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.head()).containsIgnoringCase("Idempotent-Replayed: true");
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));

        RawAnswer tooLong = rawPost(path, "é".repeat(256).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asText()).isEqualTo("Idempotency-Key must be 1 to 255 characters, not 256");

        // characters beyond U+FFFF, four bytes each: the longest key is kept too, and found again
        String emoji = "\uD83D\uDE00".repeat(255);
        RawAnswer wide = rawPost(path, emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(wide.status()).as(wide.toString()).isEqualTo(202);
        RawAnswer wideAgain = rawPost(path, emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(wideAgain.json().get("id")).as(wideAgain.toString()).isEqualTo(wide.json().get("id"));

        // bytes that are not UTF-8 (a browser sends é as the byte E9) count one character each
        RawAnswer latin1 = rawPost(path, "é".repeat(255).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(latin1.status()).as(latin1.toString()).isEqualTo(202);
        assertThat(http.get(path).json()).hasSize(3);
    }

    /** An answer read off the socket: status, the header block, the body. */
    record RawAnswer(int status, String head, String body) {
        JsonNode json() {
            return AbstractApiTest.json(body);
        }
    }

    /** {@code POST path} with {@code {"n": 1}} and the Idempotency-Key given as bytes. */
    RawAnswer rawPost(String path, byte[] idempotencyKey) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(20_000);
            var out = new java.io.ByteArrayOutputStream();
            out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 8\r\nConnection: close\r\nIdempotency-Key: ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeBytes(idempotencyKey);
            out.writeBytes("\r\n\r\n{\"n\": 1}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(out.toByteArray());
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            return new RawAnswer(Integer.parseInt(answer.substring(9, 12)), answer.substring(0, end), answer.substring(end + 4));
        }
    }

    @Test
    void idempotencyKeysBelongToOneFlow() {
        String a = id("idem-a");
        String b = id("idem-b");
        http.post("/api/flows", "application/yaml", doubleFlow(a));
        http.post("/api/flows", "application/yaml", doubleFlow(b));

        Answer first = http.postJson("/api/flows/" + a + "/executions", "{\"n\": 1}", "Idempotency-Key", "shared");
        Answer other = http.postJson("/api/flows/" + b + "/executions", "{\"n\": 1}", "Idempotency-Key", "shared");
        assertThat(other.status()).as(other.toString()).isEqualTo(202);
        assertThat(other.header("Idempotent-Replayed")).isNull();
        assertThat(other.json().get("id").asText()).isNotEqualTo(first.json().get("id").asText());
    }


    @Test
    void cancelsARunningExecution() {
        String id = id("cancel");
        http.post("/api/flows", "application/yaml", delayFlow(id, "30s"));
        String execution = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 1}").json().get("id").asText();
        JsonNode running = awaitStatus(execution, "RUNNING");
        assertThat(running.get("finishedAt").isNull()).isTrue();
        assertThat(running.path("queuedAt").asText()).as("a running execution has every field an ended one has")
                .isNotEmpty();

        long t0 = System.nanoTime();
        Answer a = http.post("/api/executions/" + execution + "/cancel", null, null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("id").asText()).isEqualTo(execution);
        assertThat(a.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);

        JsonNode stored = http.get("/api/executions/" + execution).json();
        assertThat(stored.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(stored.get("finishedAt").isNull()).isFalse();
        assertThat(ids(http.get("/api/flows/" + id + "/executions?status=CANCELLED").json())).containsExactly(execution);
    }

    @Test
    void cancellingAnEndedExecutionLeavesItAsItWas() {
        String id = id("cancel-ended");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String execution = runAndWait(id, "{\"n\": 1}").get("id").asText();
        JsonNode done = http.get("/api/executions/" + execution).json();

        Answer a = http.post("/api/executions/" + execution + "/cancel", null, null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(a.json().get("output")).isEqualTo(done.get("output"));
        assertThat(a.json().get("finishedAt")).isEqualTo(done.get("finishedAt"));
        assertThat(http.get("/api/executions/" + execution).json()).isEqualTo(done);
    }

    @Test
    void replayRunsTheSameFlowVersionWithTheSameInputAsANewExecution() {
        String id = id("replay");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        JsonNode original = runAndWait(id, "{\"n\": 7}");
        http.put("/api/flows/" + id, "application/yaml",
                doubleFlow(id).replace("input.n * 2", "input.n * 3"), "If-Match", "\"1\"");

        Answer a = http.post("/api/executions/" + original.get("id").asText() + "/replay", null, null);
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        String replay = a.json().get("id").asText();
        assertThat(replay).isNotEqualTo(original.get("id").asText());
        assertThat(a.header("Location")).isEqualTo("/api/executions/" + replay);

        JsonNode e = awaitStatus(replay, "SUCCEEDED");
        assertThat(e.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(e.get("trigger").get("body")).isEqualTo(original.get("trigger").get("body"));
        assertThat(e.get("output")).isEqualTo(original.get("output"));
        assertThat(runAndWait(id, "{\"n\": 7}").get("output").get("doubled").asInt()).isEqualTo(21);
    }

    @Test
    void listsExecutionsNewestFirstFilteredByStatusAndLimited() {
        String id = id("list");
        http.post("/api/flows", "application/yaml", failableFlow(id));
        String ok1 = runAndWait(id, "{\"fail\": false}").get("id").asText();
        String failed = runAndWait(id, "{\"fail\": true}").get("id").asText();
        String ok2 = runAndWait(id, "{\"fail\": false}").get("id").asText();
        String ok3 = runAndWait(id, "{\"fail\": false}").get("id").asText();

        Answer all = http.get("/api/flows/" + id + "/executions");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(ids(all.json())).containsExactly(ok3, ok2, failed, ok1);
        JsonNode summary = all.json().get(0);
        assertThat(summary.get("flowId").asText()).isEqualTo(id);
        assertThat(summary.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(summary.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(Instant.parse(summary.get("startedAt").asText())).isNotNull();
        assertThat(Instant.parse(summary.get("finishedAt").asText())).isNotNull();
        assertThat(summary.get("durationMs").isNumber()).isTrue();

        assertThat(ids(http.get("/api/flows/" + id + "/executions?status=FAILED").json())).containsExactly(failed);
        assertThat(ids(http.get("/api/flows/" + id + "/executions?status=SUCCEEDED&limit=2").json())).containsExactly(ok3, ok2);
        assertThat(ids(http.get("/api/flows/" + id + "/executions?limit=1").json())).containsExactly(ok3);

        Answer notANumber = http.get("/api/flows/" + id + "/executions?limit=abc");
        assertProblemShape(notANumber.json(), 400);
        assertThat(notANumber.json().get("detail").asText()).isEqualTo("'limit' must be an integer, not 'abc'");
        for (String limit : List.of("0", "1001", "9999999999999", "-9999999999999")) {
            Answer outOfRange = http.get("/api/flows/" + id + "/executions?limit=" + limit);
            assertProblemShape(outOfRange.json(), 400);
            assertThat(outOfRange.json().get("detail").asText()).as("limit=" + limit)
                    .isEqualTo("'limit' must be between 1 and 1000, not '" + limit + "'");
        }
    }

    @Test
    void aFailedExecutionCarriesItsErrorCodeMessageAndStep() {
        String id = id("failing");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: before, type: transform, script: "return input" }
                  - id: partner
                    type: error-injection
                    mode: fail
                    error: { code: PARTNER_DOWN, message: the partner is down, httpStatus: 503 }
                  - { id: never, type: transform, script: "return input" }
                """.formatted(id));

        Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true", "{\"n\": 1}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode e = a.json();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.get("error").get("code").asText()).isEqualTo("PARTNER_DOWN");
        assertThat(e.get("error").get("message").asText()).contains("the partner is down");
        assertThat(e.get("error").get("stepId").asText()).isEqualTo("partner");
        JsonNode failedStep = e.get("steps").get(1);
        assertThat(failedStep.get("stepId").asText()).isEqualTo("partner");
        assertThat(failedStep.get("status").asText()).isEqualTo("FAILED");
        assertThat(failedStep.get("error").get("code").asText()).isEqualTo("PARTNER_DOWN");
        assertThat(ids(e.get("steps"), "stepId")).doesNotContain("never");

        JsonNode stored = http.get("/api/executions/" + e.get("id").asText()).json();
        assertThat(stored.get("status").asText()).isEqualTo("FAILED");
        assertThat(stored.get("error")).isEqualTo(e.get("error"));
    }

    @Test
    void aCallFlowChildIsRecordedWithItsParent() {
        String child = id("child");
        String parent = id("parent");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: greet, type: transform, script: "return { greeting: 'hello ' + input.name }" }
                """.formatted(child));
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: sub, type: call-flow, flow: %s, input: "${ { name: input.who } }" }
                """.formatted(parent, child));

        Answer a = http.postJson("/api/flows/" + parent + "/executions?wait=true", "{\"who\": \"Ada\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode e = a.json();
        assertThat(e.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(e.get("output")).isEqualTo(json("{\"greeting\": \"hello Ada\"}"));
        JsonNode step = e.get("steps").get(0);
        assertThat(step.get("kind").asText()).isEqualTo("call-flow");
        String childId = step.path("childExecutionId").asText();
        assertThat(childId).as(a.toString()).isNotBlank();

        Answer c = http.get("/api/executions/" + childId);
        assertThat(c.status()).as(c.toString()).isEqualTo(200);
        assertThat(c.json().get("flowId").asText()).isEqualTo(child);
        assertThat(c.json().get("parentExecutionId").asText()).isEqualTo(e.get("id").asText());
        assertThat(c.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(c.json().get("output")).isEqualTo(json("{\"greeting\": \"hello Ada\"}"));
        assertThat(http.get("/api/executions/" + e.get("id").asText()).json().get("steps").get(0)
                .path("childExecutionId").asText()).isEqualTo(childId);
    }

    @Test
    void aTimedOutControlStepLeavesNoNestedStepRunningInTheStoredTrace() {
        String id = id("nested-timeout");
        http.post("/api/flows", "application/yaml", """
                id: %s
                steps:
                  - id: guarded
                    type: try
                    timeout: 100ms
                    steps:
                      - { id: wait, type: delay, duration: 2s }
                      - { id: after, type: transform, set: { never: true } }
                """.formatted(id));
        JsonNode e = http.postJson("/api/flows/" + id + "/executions?wait=true", "{}").json();
        assertThat(e.get("error").get("code").asText()).isEqualTo("STEP_TIMEOUT");
        JsonNode stored = http.get("/api/executions/" + e.get("id").asText()).json();
        List<String> entries = new ArrayList<>();
        stored.get("steps").forEach(s -> entries.add(s.get("stepId").asText() + ":" + s.get("status").asText()));
        assertThat(entries).containsExactlyInAnyOrder("guarded:FAILED", "wait:FAILED");
    }

    @Test
    void storedFlowsWhoseYamlValuesReadOtherwiseThanUnderYaml11AreNamedForTheStartWarning() {
        String id = id("yaml11");
        http.post("/api/flows", "application/yaml", "id: " + id + "\nvars: { notify: off, zip: \"01234\" }\nsteps: []\n");
        String quoted = id("yaml11-quoted");
        http.post("/api/flows", "application/yaml", "id: " + quoted + "\nvars: { notify: \"off\" }\nsteps: []\n");
        String saidNow = id("yaml12");
        http.post("/api/flows", "application/yaml", "id: " + saidNow + "\nvars: { notify: off }\nsteps: []\n");
        // the first two as an older build (YAML 1.1) saved them: no YAML version recorded
        var versions = server().getApplicationContext().getBean(FlowVersionRepository.class);
        for (String older : List.of(id, quoted)) {
            FlowVersionRow v = versions.findById(FlowVersionRow.key(older, 1)).orElseThrow();
            versions.update(new FlowVersionRow(v.id(), v.flowId(), v.version(), v.format(), v.source(), v.createdAt(), null));
        }

        var found = server().getApplicationContext().getBean(io.flows.engine.service.FlowService.class).readOtherwiseNow();
        assertThat(found.get(id + " v1")).singleElement().asString().contains("vars.notify: off (was false)")
                .doesNotContain("zip");
        assertThat(found).doesNotContainKey(quoted + " v1");
        assertThat(found).as("saved by this build: 'off' meant the text when it was saved").doesNotContainKey(saidNow + " v1");
    }

    @Test
    void aDisabledFlowIsNotCalledEither() {
        String child = id("off-child");
        String parent = id("off-parent");
        http.post("/api/flows", "application/yaml", doubleFlow(child));
        http.post("/api/flows", "application/yaml", """
                id: %s
                steps:
                  - { id: sub, type: call-flow, flow: %s }
                """.formatted(parent, child));
        http.post("/api/flows/" + child + "/disable", null, null);

        JsonNode e = http.postJson("/api/flows/" + parent + "/executions?wait=true", "{\"n\": 1}").json();
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.get("error").get("code").asText()).isEqualTo("SUBFLOW_FAILED");
        assertThat(e.get("error").get("message").asText()).contains("disabled");
        assertThat(http.get("/api/flows/" + child + "/executions").json()).isEmpty();
    }

    @Test
    void largeStepPayloadsAreTruncatedWhileTheTriggerInputAndOutputStayWhole() {
        String id = id("large");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        String big = "x".repeat(3000);
        String body = "{\"big\": \"" + big + "\", \"n\": 1}";

        JsonNode waited = http.postJson("/api/flows/" + id + "/executions?wait=true", body).json();
        JsonNode stored = http.get("/api/executions/" + waited.get("id").asText()).json();
        for (JsonNode e : List.of(waited, stored)) {
            assertThat(e.get("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(e.get("trigger").get("body")).isEqualTo(json(body));
            assertThat(e.get("output")).isEqualTo(json(body));
            JsonNode step = e.get("steps").get(0);
            for (String field : List.of("input", "output")) {
                JsonNode payload = step.get(field);
                assertThat(payload.get("$truncated").asBoolean()).as(field).isTrue();
                assertThat(payload.get("bytes").asInt()).as(field).isGreaterThan(3000);
                assertThat(payload.get("preview").asText()).as(field).startsWith("{").hasSizeLessThan(3000);
            }
        }
    }


    @Test
    void servesTheJsonSchemaOfAFlow() {
        Answer a = http.get("/api/schema/flow");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode schema = a.json();
        assertThat(schema.isObject()).isTrue();
        assertThat(schema.path("properties").has("steps")).as(a.body()).isTrue();
        assertThat(schema.path("properties").has("trigger")).isTrue();
    }

    @Test
    void listsEveryStepKindWithItsSchema() throws IOException {
        Answer a = http.get("/api/steps");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(ids(a.json(), "kind")).containsExactlyInAnyOrder("transform", "connector-call", "delay",
                "error-injection", "choice", "foreach", "parallel", "try", "call-flow");
        for (JsonNode k : a.json()) {
            assertThat(k.path("title").asText()).as(k.toString()).isNotBlank();
            assertThat(k.path("description").asText()).as(k.toString()).isNotBlank();
            assertThat(k.path("category").asText()).as(k.toString()).isNotBlank();
            assertThat(k.path("schema").isObject()).as(k.toString()).isTrue();
            assertThat(k.path("schema").size()).as(k.toString()).isPositive();
        }
        // the editor's unit tests run on a copy of this catalogue: a change here must reach that copy
        JsonNode editorCopy = Jsons.read(Files.readString(Path.of("../ui/src/model/fixtures/steps.json")));
        assertThat(editorCopy).as("ui/src/model/fixtures/steps.json is stale; refresh it from GET /api/steps")
                .isEqualTo(a.json());
    }

    @Test
    void healthSaysUp() {
        Answer a = http.get("/health");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void aFailedScriptStepKeepsItsLogsInTheStoredExecution() {
        String id = id("failed-logs");
        Answer created = http.post("/api/flows", "application/yaml", """
                id: %s
                steps:
                  - id: check
                    type: transform
                    script: "console.log('step 1 reached', input.x); throw new Error('bad input ' + input.x);"
                """.formatted(id));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode run = runAndWait(id, "{\"x\": 4}");
        assertThat(run.path("status").asText()).isEqualTo("FAILED");

        JsonNode stored = http.get("/api/executions/" + run.path("id").asText()).json();
        JsonNode step = stored.path("steps").path(0);
        assertThat(step.path("error").path("code").asText()).isEqualTo("SCRIPT_ERROR");
        assertThat(step.path("logs").toString()).isEqualTo("[\"step 1 reached 4\"]");
    }

    @Test
    void prometheusCountsExecutions() {
        String id = id("metrics");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        runAndWait(id, "{\"n\": 1}");

        Answer a = http.get("/prometheus");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain");
        assertThat(a.body()).contains("flows_executions_total").contains(id);
        assertThat(a.body()).contains("flows_queue_depth").contains("flows_step_duration");
    }

    @Test
    void servesTheOpenApiDocument() throws IOException, URISyntaxException {
        URL dir = Thread.currentThread().getContextClassLoader().getResource("META-INF/swagger");
        assertThat(dir).as("micronaut-openapi wrote META-INF/swagger into the classes").isNotNull();
        String file;
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            file = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).findFirst().orElseThrow();
        }
        Answer a = http.get("/openapi/" + file);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.body()).contains("openapi:").contains("/api/flows/{id}/executions").contains("/api/executions/{id}");
    }

    @Test
    void answersProblemJsonForAnUnknownRoute() {
        Answer a = http.get("/api/no-such-thing");
        assertThat(a.status()).as(a.toString()).isEqualTo(404);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(a.json().path("detail").asText()).as(a.toString())
                .isEqualTo("nothing is served at GET /api/no-such-thing; the endpoints are listed in GET"
                        + " /openapi/flows-0.1.yml (and docs/api.md)");
        assertThat(http.get("/api/flows/no-such-flow").json().path("detail").asText())
                .as("a known route's own 404 keeps its words").contains("no-such-flow").doesNotContain("nothing is served");
    }


    @Test
    void anEndedExecutionKeepsItsWholeTraceInItsOwnRow() {
        String id = id("trace-row");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        JsonNode done = runAndWait(id, "{\"n\": 4}");
        String execution = done.get("id").asText();

        ExecutionRow stored = server.getApplicationContext().getBean(ExecutionRepository.class).findById(execution).orElseThrow();
        assertThat(json(stored.stepsJson())).as("the trace as answered").isEqualTo(done.get("steps"));
        assertThat(steps().findByExecutionIdOrderBySeq(execution)).as("no row per step for a short run").isEmpty();
        assertThat(http.get("/api/executions/" + execution).json().get("steps")).isEqualTo(done.get("steps"));
    }

    @Test
    void aTraceStoredAsStepRowsBeforeTheTraceColumnIsStillRead() {
        String id = id("trace-rows");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        String execution = UUID.randomUUID().toString();
        Instant now = Instant.now();
        server.getApplicationContext().getBean(ExecutionRepository.class).save(new ExecutionRow(execution, id, 1,
                "SUCCEEDED", "{\"type\":\"manual\",\"body\":{}}", "{\"doubled\":2}", null, now, now, now, null, null));
        steps().saveAll(List.of(
                new StepRow(execution + ":0", execution, 0, "{\"stepId\":\"first\",\"status\":\"SUCCEEDED\"}"),
                new StepRow(execution + ":1", execution, 1, "{\"stepId\":\"second\",\"status\":\"SUCCEEDED\"}")));

        JsonNode read = http.get("/api/executions/" + execution).json();
        assertThat(read.get("steps")).extracting(s -> s.get("stepId").asText()).containsExactly("first", "second");
        assertThat(read.get("output")).isEqualTo(json("{\"doubled\": 2}"));
    }

    @Test
    void aRestartKeepsFlowsAndExecutionsFailsInterruptedRunsAndRunsQueuedOnes() {
        String id = id("restart");
        http.post("/api/flows", "application/yaml", doubleFlow(id));
        JsonNode done = runAndWait(id, "{\"n\": 1}");

        ExecutionRepository repo = server.getApplicationContext().getBean(ExecutionRepository.class);
        String trigger = "{\"type\":\"manual\",\"body\":{\"n\":21},\"headers\":{},\"query\":{}}";
        Instant now = Instant.now();
        String running = UUID.randomUUID().toString();
        String queued = UUID.randomUUID().toString();
        repo.save(new ExecutionRow(running, id, 1, "RUNNING", trigger, null, null, now, now, null, null, null));
        repo.save(new ExecutionRow(queued, id, 1, "QUEUED", trigger, null, null, now.plusMillis(1), null, null, null, null));

        server.getApplicationContext().close();
        server = start(props);
        http.base(baseUrl(server));

        Answer flow = http.get("/api/flows/" + id);
        assertThat(flow.status()).as(flow.toString()).isEqualTo(200);
        assertThat(flow.json().get("version").asInt()).isEqualTo(1);
        Answer before = http.get("/api/executions/" + done.get("id").asText());
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(before.json().get("steps")).isEqualTo(done.get("steps"));

        JsonNode interrupted = http.get("/api/executions/" + running).json();
        assertThat(interrupted.get("status").asText()).as(interrupted.toString()).isEqualTo("FAILED");
        assertThat(interrupted.get("error").get("code").asText()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.get("finishedAt").isNull()).isFalse();

        JsonNode resumed = awaitStatus(queued, "SUCCEEDED");
        assertThat(resumed.get("output")).isEqualTo(json("{\"doubled\": 42, \"label\": \"done\"}"));
        assertThat(resumed.get("trigger").get("body")).isEqualTo(json("{\"n\": 21}"));
    }

    @Test
    void aLongRunStoresItsEndedStepsWhileRunningAndEachStepOnce() {
        String id = id("checkpoint");
        http.post("/api/flows", "application/yaml", checkpointFlow(id, "3s"));
        String execution = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 2}").json().get("id").asText();

        List<StepRow> stored = awaitStoredSteps(execution, 1);
        assertThat(stored).extracting(StepRow::seq).containsExactly(0);
        assertThat(json(stored.get(0).entry()).get("stepId").asText()).isEqualTo("first");
        assertThat(json(stored.get(0).entry()).get("status").asText()).isEqualTo("SUCCEEDED");

        JsonNode done = awaitStatus(execution, "SUCCEEDED");
        assertThat(done.get("steps")).extracting(s -> s.get("stepId").asText()).containsExactly("first", "wait", "last");
        // the ended execution's row holds its whole trace; the rows are the checkpoints', each step once
        assertThat(steps().findByExecutionIdOrderBySeq(execution)).extracting(StepRow::seq).doesNotHaveDuplicates()
                .contains(0).isSubsetOf(0, 1, 2);
        assertThat(done.get("output")).isEqualTo(json("{\"n\": 2, \"tripled\": 6}"));
    }

    @Test
    void anInterruptedLongRunKeepsTheStepsThatEndedBeforeTheStop() {
        String id = id("checkpoint-stop");
        http.post("/api/flows", "application/yaml", checkpointFlow(id, "60s"));
        String execution = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 2}").json().get("id").asText();
        awaitStoredSteps(execution, 1);

        server.getApplicationContext().close();
        server = start(props);
        http.base(baseUrl(server));

        JsonNode interrupted = awaitStatus(execution, "FAILED");
        assertThat(interrupted.get("error").get("code").asText()).as(interrupted.toString()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.get("steps")).as(interrupted.toString())
                .extracting(s -> s.get("stepId").asText() + " " + s.get("status").asText())
                .containsExactly("first SUCCEEDED");
        assertThat(interrupted.get("steps").get(0).get("output")).isEqualTo(json("{\"n\": 2, \"tripled\": 6}"));
    }

    @Test
    void anInterruptedRunKeepsTheEndedStepsInsideControlStepsThatStillRan() {
        String id = id("checkpoint-nested");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - id: guarded
                    type: try
                    steps:
                      - { id: inside, type: transform, script: "return { n: input.n + 1 }" }
                      - id: both
                        type: parallel
                        branches:
                          quick: [ { id: quickOne, type: transform, script: "return { q: true }" } ]
                          slow: [ { id: hold, type: delay, duration: 60s } ]
                """.formatted(id));
        String execution = http.postJson("/api/flows/" + id + "/executions", "{\"n\": 2}").json().get("id").asText();
        // try and parallel still run, each before the steps of theirs that have ended
        List<StepRow> stored = awaitStoredSteps(execution, 2);
        assertThat(stored).extracting(r -> json(r.entry()).get("stepId").asText()).containsExactlyInAnyOrder("inside", "quickOne");

        server.getApplicationContext().close();
        server = start(props);
        http.base(baseUrl(server));

        JsonNode interrupted = awaitStatus(execution, "FAILED");
        assertThat(interrupted.get("error").get("code").asText()).as(interrupted.toString()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.get("steps")).as(interrupted.toString())
                .extracting(s -> s.get("stepId").asText() + " " + s.get("status").asText())
                .containsExactly("inside SUCCEEDED", "quickOne SUCCEEDED");
        assertThat(interrupted.get("steps").get(0).get("output")).isEqualTo(json("{\"n\": 3}"));
    }

    @Test
    void anOutputAboveTheInlineSizeIsStoredAndReadBackWhole() {
        // H2 keeps values above 64 KB out of the row (V9); PostgreSQL does so on its own
        String id = id("big-output");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: big, type: transform, script: "return { text: 'x'.repeat(input.n), n: input.n }" }
                """.formatted(id));
        JsonNode done = runAndWait(id, "{\"n\": 300000}");
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");

        JsonNode stored = http.get("/api/executions/" + done.get("id").asText()).json();
        assertThat(stored.get("output").get("text").asText()).hasSize(300_000).matches("x+");
        assertThat(stored.get("output")).isEqualTo(done.get("output"));
    }

    @Test
    void concurrentLargeBodiesAllGetThroughAndGiveTheirBudgetBack() throws Exception {
        String id = id("large-bodies");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        String body = "{\"text\": \"" + "y".repeat(MAX_REQUEST_BYTES - 100) + "\"}";
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> http.postJson("/api/flows/" + id + "/executions?wait=true", body)));
        }
        for (CompletableFuture<Answer> a : answers) {
            Answer answer = a.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("output").get("text").asText()).hasSize(MAX_REQUEST_BYTES - 100);
        }
        assertThat(server.getApplicationContext().getBean(LargeBodyFilter.class).budget().inUse()).isZero();
    }

    @Test
    void concurrentSavesOfOneFlowGetSuccessiveVersionsOr412NeverAClash() throws Exception {
        String id = id("concurrent-saves");
        assertThat(http.post("/api/flows", "application/yaml", echoFlow(id)).status()).isEqualTo(201);

        List<Integer> guarded = statuses(8, () -> http.put("/api/flows/" + id, "application/yaml", echoFlow(id),
                "If-Match", "\"1\"").status());
        assertThat(guarded).as("all based on version 1: one wins").containsOnly(200, 412);
        assertThat(guarded).filteredOn(s -> s == 200).hasSize(1);

        List<Integer> unguarded = statuses(8, () -> http.put("/api/flows/" + id, "application/yaml", echoFlow(id)).status());
        assertThat(unguarded).as("no If-Match: each overwrites").containsOnly(200);
        assertThat(http.get("/api/flows/" + id).json().get("version").asInt()).isEqualTo(10);
        assertThat(http.get("/api/flows/" + id + "/versions").json()).hasSize(10);

        String fresh = id("concurrent-creates");
        List<Integer> creates = statuses(8, () -> http.post("/api/flows", "application/yaml", echoFlow(fresh)).status());
        assertThat(creates).containsOnly(201, 409);
        assertThat(creates).filteredOn(s -> s == 201).hasSize(1);
    }

    @Test
    void concurrentCreatesClaimingOneWebhookPathGiveItToOneFlowAndTheOthers409() throws Exception {
        String path = id("raced-path");
        String prefix = id("raced");

        List<Answer> answers = atOnce(8, i -> http.post("/api/flows", "application/yaml", webhookFlow(prefix + i, path)));

        String winner = onlyWinner(answers, 201, prefix);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() == 409) {
                assertThat(http.get("/api/flows/" + prefix + i).status()).isEqualTo(404);
            }
        }
        assertWebhooksReach(path, winner);
    }

    @Test
    void concurrentUpdatesSwitchingFlowsToOneWebhookPathGiveItToOneFlowAndTheOthers409() throws Exception {
        String path = id("switched-path");
        String prefix = id("switching");
        for (int i = 0; i < 8; i++) {
            assertThat(http.post("/api/flows", "application/yaml", echoFlow(prefix + i)).status()).isEqualTo(201);
        }

        List<Answer> answers = atOnce(8, i -> http.put("/api/flows/" + prefix + i, "application/yaml",
                webhookFlow(prefix + i, path)));

        String winner = onlyWinner(answers, 200, prefix);
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() == 409) {
                JsonNode kept = http.get("/api/flows/" + prefix + i).json();
                assertThat(kept.get("version").asInt()).isEqualTo(1);
                assertThat(kept.get("trigger").get("type").asText()).isEqualTo("manual");
            }
        }
        assertWebhooksReach(path, winner);
    }

    @Test
    void aWebhookPathThatSeveralFlowsHoldBeforeTheUpgradeStaysWithTheOldestAndTheOthersAreNamedAtStart() throws Exception {
        TestDatabase old = newTestDatabase();
        String vendor = old.jdbcUrl().startsWith("jdbc:h2:") ? "h2" : "postgresql";
        Flyway.configure().dataSource(old.jdbcUrl(), old.user(), "")
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .target(MigrationVersion.fromVersion("9")).load().migrate();
        Instant first = Instant.parse("2025-03-01T10:00:00Z");
        try (Connection c = DriverManager.getConnection(old.jdbcUrl(), old.user(), "")) {
            insertFlow(c, "deleted-before", "shared", first.minus(Duration.ofDays(1)), true);
            insertFlow(c, "first-b", "shared", first, false);
            insertFlow(c, "first-a", "shared", first, false);
            insertFlow(c, "later", "shared", first.plusSeconds(60), false);
            insertFlow(c, "alone", "alone", first.plusSeconds(60), false);
        }

        EmbeddedServer upgraded = start(serviceProperties(old.properties(), false));
        try {
            Http client = new Http(baseUrl(upgraded));
            String delivery = client.postJson("/hooks/shared", "{}").json().get("id").asText();
            assertThat(client.get("/api/hooks/deliveries/" + delivery).json().get("flowId").asText())
                    .as("the oldest live flow keeps the path, the smaller id of two as old").isEqualTo("first-a");
            assertThat(client.postJson("/hooks/alone", "{}").status()).isEqualTo(200);

            var notes = upgraded.getApplicationContext().getBean(io.flows.engine.service.FlowService.class)
                    .readOtherwiseNow();
            assertThat(notes).containsOnlyKeys("first-b v1", "later v1");
            assertThat(notes.get("later v1")).singleElement().asString()
                    .contains("receives no webhooks at /hooks/shared").contains("flow 'first-a' holds that path");

            Answer unchanged = client.put("/api/flows/later", "application/yaml", webhookFlow("later", "shared"));
            assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(409);
            Answer moved = client.put("/api/flows/later", "application/yaml", webhookFlow("later", "later-own"));
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(client.postJson("/hooks/later-own", "{}").status()).isEqualTo(200);
        } finally {
            upgraded.getApplicationContext().close();
        }
    }

    /** A flow with a webhook trigger as a Flows before migration V10 could have stored it. */
    private static void insertFlow(Connection c, String id, String path, Instant created, boolean deleted)
            throws SQLException {
        Timestamp at = Timestamp.from(created);
        try (PreparedStatement flow = c.prepareStatement("INSERT INTO flows (id, name, description, latest_version,"
                + " enabled, deleted, trigger_type, webhook_path, created_at, updated_at)"
                + " VALUES (?, NULL, NULL, 1, ?, ?, 'webhook', ?, ?, ?)")) {
            flow.setString(1, id);
            flow.setBoolean(2, !deleted);
            flow.setBoolean(3, deleted);
            flow.setString(4, path);
            flow.setTimestamp(5, at);
            flow.setTimestamp(6, at);
            flow.executeUpdate();
        }
        try (PreparedStatement version = c.prepareStatement("INSERT INTO flow_versions (id, flow_id, version, format,"
                + " source, created_at) VALUES (?, ?, 1, 'YAML', ?, ?)")) {
            version.setString(1, id + ":1");
            version.setString(2, id);
            version.setString(3, webhookFlow(id, path));
            version.setTimestamp(4, at);
            version.executeUpdate();
        }
    }

    /**
     * The id of the one flow whose request got {@code won}; every other request got a 409 problem naming the path
     * and that flow.
     */
    private static String onlyWinner(List<Answer> answers, int won, String prefix) {
        assertThat(answers).extracting(Answer::status).as(answers.toString()).containsOnly(won, 409);
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).status() == won) {
                winners.add(i);
            }
        }
        assertThat(winners).as(answers.toString()).hasSize(1);
        String winner = prefix + winners.get(0);
        for (Answer lost : answers) {
            if (lost.status() == 409) {
                assertThat(lost.contentType()).startsWith(PROBLEM);
                assertProblemShape(lost.json(), 409);
                assertThat(lost.json().get("detail").asText()).contains("webhook path").contains("'" + winner + "'");
            }
        }
        return winner;
    }

    private void assertWebhooksReach(String path, String flowId) {
        Answer delivered = http.postJson("/hooks/" + path, "{}");
        assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);
        String delivery = delivered.json().get("id").asText();
        assertThat(http.get("/api/hooks/deliveries/" + delivery).json().get("flowId").asText()).isEqualTo(flowId);
    }

    /** {@code n} requests released at the same moment, each given its index; the answers in index order. */
    private static List<Answer> atOnce(int n, IntFunction<Answer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier start = new CyclicBarrier(n);
            List<Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                sent.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : sent) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Integer> statuses(int n, java.util.function.Supplier<Integer> request) throws Exception {
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(CompletableFuture.supplyAsync(request));
        }
        List<Integer> out = new ArrayList<>();
        for (CompletableFuture<Integer> f : all) {
            out.add(f.get(30, TimeUnit.SECONDS));
        }
        return out;
    }

    @Test
    void theWaitParameterIsABooleanAndTheTimeoutADurationAndAnythingElseIsRefused() {
        String id = id("wait-flag");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        for (String yes : List.of("true", "TRUE", "1", "yes", "on")) {
            assertThat(http.postJson("/api/flows/" + id + "/executions?wait=" + yes, "{}").status()).as(yes).isEqualTo(200);
        }
        for (String no : List.of("false", "0", "no", "off", "")) {
            assertThat(http.postJson("/api/flows/" + id + "/executions?wait=" + no, "{}").status()).as(no).isEqualTo(202);
        }
        for (String bad : List.of("abc", "2", "%20")) {
            Answer a = http.postJson("/api/flows/" + id + "/executions?wait=" + bad, "{}");
            assertThat(a.status()).as("wait=%s: %s", bad, a).isEqualTo(400);
            assertThat(a.contentType()).startsWith(PROBLEM);
            assertThat(a.json().get("detail").asText()).contains("wait must be true or false");
        }
        for (String bad : List.of("abc", "1x", "%201s", "1s%20")) {
            Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true&timeout=" + bad, "{}");
            assertThat(a.status()).as("timeout=%s: %s", bad, a).isEqualTo(400);
            assertThat(a.contentType()).startsWith(PROBLEM);
            assertThat(a.json().get("detail").asText()).contains("timeout must be a duration");
        }
        // longer than any wait: cut to the 5 minutes like 1000h, however many digits (and leading zeros count for nothing)
        for (String huge : List.of("9999999999h", "99999999999999999999ms", "0001000000000s", "0000000001s")) {
            Answer a = http.postJson("/api/flows/" + id + "/executions?wait=true&timeout=" + huge, "{}");
            assertThat(a.status()).as("timeout=%s: %s", huge, a).isEqualTo(200);
        }
    }

    @Test
    void anEmptyQueryParameterIsLeftOutAndARepeatedOneIs400NamingIt() {
        String id = id("query-options");
        String path = id("query-options-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        String delivery = http.postJson("/hooks/" + path, "{}").json().get("id").asText();
        String run = http.postJson("/api/flows/" + id + "/executions?wait=true&timeout=", "{}").json().get("id").asText();

        assertThat(http.postJson("/api/flows/" + id + "/executions?wait=&timeout=", "{}").status()).isEqualTo(202);
        assertThat(ids(http.get("/api/flows/" + id + "/executions?status=&limit=").json())).contains(run);
        assertThat(ids(http.get("/api/hooks/deliveries?flowId=&status=&limit=").json())).contains(delivery);

        for (String url : List.of("/api/flows/" + id + "/executions?wait=true&wait=true",
                "/api/flows/" + id + "/executions?wait=true&timeout=1s&timeout=2s")) {
            Answer a = http.postJson(url, "{}");
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertProblemShape(a.json(), 400);
            assertThat(a.json().get("detail").asText()).as(url)
                    .matches("the query parameter '(wait|timeout)' is given 2 times; give it once");
        }
        for (String url : List.of("/api/flows/" + id + "/executions?limit=1&limit=2",
                "/api/flows/" + id + "/executions?status=FAILED&status=RUNNING", "/api/hooks/deliveries?flowId=a&flowId=b")) {
            Answer a = http.get(url);
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertThat(a.json().get("detail").asText()).as(url).contains("is given 2 times; give it once");
        }
        Answer flowsOwn = http.postJson("/api/flows/" + id + "/executions?wait=true&limit=1&limit=2", "{}");
        assertThat(flowsOwn.status()).as("a flow's own parameters may repeat: %s", flowsOwn).isEqualTo(200);
        assertThat(flowsOwn.json().at("/trigger/query/limit")).isEqualTo(json("[\"1\", \"2\"]"));
    }

    private StepRepository steps() {
        return server.getApplicationContext().getBean(StepRepository.class);
    }

    /** Waits until at least {@code count} step rows of an execution are committed. */
    private List<StepRow> awaitStoredSteps(String executionId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<StepRow> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = steps().findByExecutionIdOrderBySeq(executionId);
            if (rows.size() >= count) {
                return rows;
            }
            sleep(25);
        }
        return fail("execution %s has %s stored steps, expected %s", executionId, rows.size(), count);
    }

    static String checkpointFlow(String id, String wait) {
        return """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: first, type: transform, script: "return { n: input.n, tripled: input.n * 3 }" }
                  - { id: wait, type: delay, duration: %s }
                  - { id: last, type: transform, script: "return input" }
                """.formatted(id, wait);
    }

    @Test
    void aDeleteAtTheSameMomentAsSavesIsNeverUndoneByThem() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            for (int round = 0; round < 6; round++) {
                String id = id("put-delete-" + round);
                assertThat(http.post("/api/flows", "application/yaml", doubleFlow(id)).status()).isEqualTo(201);
                CyclicBarrier together = new CyclicBarrier(5);
                List<Future<Answer>> saves = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    saves.add(pool.submit(() -> {
                        together.await();
                        return http.put("/api/flows/" + id, "application/yaml", doubleFlow(id));
                    }));
                }
                Future<Answer> delete = pool.submit(() -> {
                    together.await();
                    return http.delete("/api/flows/" + id);
                });
                assertThat(delete.get(30, TimeUnit.SECONDS).status()).isEqualTo(204);
                for (Future<Answer> save : saves) {
                    Answer a = save.get(30, TimeUnit.SECONDS);
                    assertThat(a.status()).as("a save before the delete, or after it: %s", a).isIn(200, 404);
                }
                Answer after = http.get("/api/flows/" + id);
                assertThat(after.status()).as("round %d: the delete stands: %s", round, after).isEqualTo(404);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRequestFromAWebPageOfAnotherOriginIsRefusedWithAProblemSayingWhy() {
        String id = id("origin");
        String path = id("origin-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        for (Answer a : List.of(
                http.postJson("/api/flows/" + id + "/executions", "{}", "Origin", "http://evil.example"),
                http.postJson("/hooks/" + path, "{}", "Origin", "http://evil.example"))) {
            assertThat(a.status()).as(a.toString()).isEqualTo(403);
            assertThat(a.contentType()).startsWith(PROBLEM);
            // what Micronaut checked, no more: pages on localhost, or the service under another name, are not refused
            assertThat(a.json().get("detail").asText()).isEqualTo("refused: the request was sent to "
                    + baseUrl(server) + " (a local address) by a web page whose Origin, http://evil.example, is not "
                    + "localhost or 127.0.0.1. A service reached at a local address refuses such pages so that the "
                    + "sites a browser visits cannot drive it. Send the request without an Origin header (from a "
                    + "server or a command line), or from a page on localhost; see docs/security.md");
        }
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{}").status()).as("no Origin").isEqualTo(202);
        assertThat(http.postJson("/api/flows/" + id + "/executions", "{}", "Origin", "http://localhost:3000").status())
                .as("a page on localhost").isEqualTo(202);
    }

    @Test
    void theSandboxAnswersEverySimulatedStatusFrom400To599AsItself() throws Exception {
        for (int status = 400; status <= 599; status++) {
            Answer a = http.get("/sandbox/erp/orders?simulate=" + status);
            assertThat(a.status()).as("simulate=%d: %s", status, a.body()).isEqualTo(status);
            assertThat(a.json().path("error").asText()).as("simulate=%d", status).contains("simulated " + status);
        }
        assertThat(http.get("/sandbox/erp/orders?simulate=600").status()).isEqualTo(400);
    }

    @Test
    void theSandboxAnswersPatchAndOptionsItselfLikeAnyOtherMethod() {
        // partner APIs commonly take PATCH: ?simulate works with it, and a path that does not take it says so as for PUT
        Answer simulated = http.send("PATCH", "/sandbox/erp/orders?simulate=503", "application/json", "{}");
        assertThat(simulated.status()).as(simulated.toString()).isEqualTo(503);
        assertThat(simulated.json().path("error").asText()).isEqualTo("simulated 503 for PATCH /erp/orders (?simulate=503)");
        for (String method : List.of("PATCH", "PUT")) {
            Answer refused = http.send(method, "/sandbox/erp/orders", "application/json", "{}");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(405);
            assertThat(refused.contentType()).startsWith("application/json");
            assertThat(refused.json().path("error").asText()).isEqualTo(method + " is not allowed on /erp/orders; use POST");
            assertThat(refused.header("Allow")).isEqualTo("POST, OPTIONS");
        }
        Answer options = http.send("OPTIONS", "/sandbox/queue/patch-test", null, null);
        assertThat(options.status()).as(options.toString()).isEqualTo(204);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
        assertThat(options.body()).isEmpty();
        assertThat(http.send("OPTIONS", "/sandbox/erp/orders?simulate=500", null, null).status()).isEqualTo(500);
        assertThat(http.send("HEAD", "/sandbox/wms/stock", null, null).status()).as("HEAD as GET").isEqualTo(200);
    }

    @Test
    void anEmptyDatabaseGetsTheSamplesOnFirstStartOnly() throws Exception {
        assertThat(ids(http.get("/api/flows").json())).as("flows.load-samples=false").doesNotContain("order-to-erp");

        Map<String, Object> fresh = serviceProperties(newDatabase(), true);
        EmbeddedServer samples = start(fresh);
        try {
            Http client = new Http(baseUrl(samples));
            Answer a = client.get("/api/flows");
            assertThat(a.status()).isEqualTo(200);
            assertThat(ids(a.json())).containsAll(sampleIds());
            // On a port other than the samples' default 8080 they still reach this service's sandbox.
            for (Map.Entry<String, Path> sample : sampleFiles().entrySet()) {
                Path input = Path.of(sample.getValue().toString().replaceFirst("\\.yaml$", ".input.json"));
                Answer run = client.postJson("/api/flows/" + sample.getKey() + "/executions?wait=true&timeout=30s",
                        Files.exists(input) ? Files.readString(input) : "{}");
                assertThat(run.json().path("status").asText()).as("sample %s: %s", sample.getKey(), run.body())
                        .isEqualTo("SUCCEEDED");
            }
            client.delete("/api/flows/order-to-erp");
            samples.getApplicationContext().close();

            samples = start(fresh);
            List<String> again = ids(new Http(baseUrl(samples)).get("/api/flows").json());
            assertThat(again).as("samples load into an empty database only").doesNotContain("order-to-erp");
            assertThat(again).contains("call-flow");
        } finally {
            samples.getApplicationContext().close();
        }
    }


    // ---------------------------------------------------------------- webhooks

    @Test
    void aWebhookIsAcknowledgedOnceStoredAndItsFlowRunsAfterwards() {
        String id = id("hook-run");
        String path = id("hook-run-path");
        assertThat(http.post("/api/flows", "application/yaml", webhookFlow(id, path)).status()).isEqualTo(201);

        Answer a = http.postJson("/hooks/" + path, "{\"orderId\": \"SO-1\"}", "X-Shop-Event", "order.created",
                "X-Api-Key", "partner-key-123", "Cookie", "session=abc");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("received").asBoolean()).isTrue();
        String delivery = a.json().path("id").asText();
        assertThat(delivery).isNotBlank();

        String execution = awaitExecutions(id, 1).get(0);
        JsonNode e = awaitStatus(execution, "SUCCEEDED");
        assertThat(e.get("trigger").get("type").asText()).isEqualTo("webhook");
        assertThat(e.get("trigger").get("body")).isEqualTo(json("{\"orderId\": \"SO-1\"}"));
        assertThat(e.get("trigger").get("headers").get("x-shop-event").asText()).isEqualTo("order.created");

        Answer list = http.get("/api/hooks/deliveries?flowId=" + id);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode d = find(list.json(), delivery);
        assertThat(d.get("flowId").asText()).isEqualTo(id);
        assertThat(Instant.parse(d.get("receivedAt").asText())).isNotNull();
        assertThat(d.get("status").asText()).isIn("RECEIVED", "PROCESSED");

        Answer one = http.get("/api/hooks/deliveries/" + delivery);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("id").asText()).isEqualTo(delivery);
        assertThat(one.json().toString()).contains("SO-1").contains("x-shop-event");
        assertThat(one.json().toString() + e.get("trigger")).as("credentials are not kept where flows:read sees them")
                .doesNotContain("partner-key-123").doesNotContain("session=abc");
    }

    @Test
    void aWebhookPathMayHoldSlashesWrittenAsTheyAreOrEncoded() {
        String id = id("hook-slashes");
        String path = id("shop") + "/orders/eu";
        assertThat(http.post("/api/flows", "application/yaml", webhookFlow(id, path)).status()).isEqualTo(201);

        Answer plain = http.postJson("/hooks/" + path, "{}");
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        // what a client made from the OpenAPI document sends: a path parameter with its slashes encoded
        Answer encoded = http.postJson("/hooks/" + path.replace("/", "%2F"), "{}");
        assertThat(encoded.status()).as(encoded.toString()).isEqualTo(200);
        Answer shorter = http.postJson("/hooks/" + path.substring(0, path.lastIndexOf('/')), "{}");
        assertThat(shorter.status()).as(shorter.toString()).isEqualTo(404);
        awaitExecutions(id, 2);
    }

    @Test
    void aWebhookSeenBeforeIsAnsweredAsADuplicateWithoutASecondExecution() {
        String id = id("hook-dup");
        String path = id("hook-dup-path");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  idempotencyKey: "${headers['x-delivery-id']}"
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path));

        Answer first = http.postJson("/hooks/" + path, "{\"n\": 1}", "X-Delivery-Id", "d-1");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        Answer again = http.postJson("/hooks/" + path, "{\"n\": 1}", "X-Delivery-Id", "d-1");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("received").asBoolean()).isTrue();
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().path("id").asText()).isNotBlank();

        awaitExecutions(id, 1);
        sleep(300);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(1);
    }

    @Test
    void webhookBodiesBecomeObjectsForJsonAndFormsAndTextOtherwise() {
        String id = id("hook-bodies");
        String path = id("hook-bodies-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));

        Answer posted = http.post("/hooks/" + path, "application/x-www-form-urlencoded", "a=1&b=two");
        assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
        JsonNode form = awaitStatus(awaitExecutions(id, 1).get(0), "SUCCEEDED");
        assertThat(form.get("trigger").get("body").path("b").asText()).as(form.toString()).isEqualTo("two");

        assertThat(http.post("/hooks/" + path, "text/plain", "just text").status()).isEqualTo(200);
        JsonNode text = awaitStatus(awaitExecutions(id, 2).get(0), "SUCCEEDED");
        assertThat(text.get("trigger").get("body").asText()).isEqualTo("just text");
    }

    @Test
    void aSemicolonInTheQueryIsPartOfAValueNotASeparator() {
        String id = id("query-semicolon");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        Answer run = http.postJson("/api/flows/" + id + "/executions?q=a;b&wait=true", "{}");
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().get("trigger").get("query").toString()).isEqualTo("{\"q\":\"a;b\"}");

        Answer many = http.postJson("/api/flows/" + id + "/executions?x=" + "a;".repeat(1100) + "&wait=true", "{}");
        assertThat(many.status()).as("one parameter, not 1,100: %s", many.body()).isEqualTo(200);
    }

    @Test
    void aRepeatedQueryParameterArrivesAsAListAndASingleOneAsText() {
        String id = id("query-lists");
        assertThat(http.post("/api/flows", "application/yaml", doubleFlow(id)).status()).isEqualTo(201);
        Answer run = http.postJson("/api/flows/" + id + "/executions?tag=a&one=1&tag=b%2Cc&wait=true&timeout=20s",
                "{\"n\": 1}");
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode query = run.json().get("trigger").get("query");
        assertThat(query.toString()).isEqualTo("{\"tag\":[\"a\",\"b,c\"],\"one\":\"1\"}");

        String hook = id("query-lists-hook");
        String path = id("query-lists-path");
        assertThat(http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s, idempotencyKey: "${query.tag[1]}" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(hook, path)).status()).isEqualTo(201);
        Answer first = http.post("/hooks/" + path + "?tag=x&tag=same", "application/json", "{}");
        Answer again = http.post("/hooks/" + path + "?tag=y&tag=same", "application/json", "{}");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).as("keyed by the second value: " + again).isTrue();
        JsonNode e = awaitStatus(awaitExecutions(hook, 1).get(0), "SUCCEEDED");
        assertThat(e.get("trigger").get("query").toString()).isEqualTo("{\"tag\":[\"x\",\"same\"]}");

        // the HTTP decoder reads 1024 parameters and would drop the rest (a trailing wait=true, a webhook's key)
        String many = "a&".repeat(1024);
        Answer tooMany = http.postJson("/api/flows/" + id + "/executions?" + many + "wait=true", "{\"n\": 1}");
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.json().path("detail").asText()).contains("1025 parameters");
        Answer hookTooMany = http.post("/hooks/" + path + "?" + many + "tag=z", "application/json", "{}");
        assertThat(hookTooMany.status()).as(hookTooMany.toString()).isEqualTo(400);
        Answer justEnough = http.postJson("/api/flows/" + id + "/executions?" + "a&".repeat(1023) + "wait=true", "{\"n\": 1}");
        assertThat(justEnough.status()).as(justEnough.toString()).isEqualTo(200);
        assertThat(justEnough.json().get("trigger").get("query").get("a")).hasSize(1023);
    }

    @Test
    void webhookErrorsAreProblems() {
        Answer unknown = http.postJson("/hooks/" + id("nowhere"), "{}");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith(PROBLEM);

        String id = id("hook-off");
        String path = id("hook-off-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        http.post("/api/flows/" + id + "/disable", null, null);
        Answer disabled = http.postJson("/hooks/" + path, "{}");
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(503);
        assertThat(disabled.header("Retry-After")).isNotBlank();

        http.post("/api/flows/" + id + "/enable", null, null);
        Answer big = http.postJson("/hooks/" + path, "{\"big\": \"" + "x".repeat(100 * 1024) + "\"}");
        assertThat(big.status()).as(big.request() + " -> " + big.status()).isEqualTo(413);
    }

    @Test
    void aWebhookIsStoredWhateverTheSenderAccepts() {
        String id = id("hook-accept");
        String path = id("hook-accept-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        // what senders' HTTP libraries send: a 406 here lost the delivery, as many senders do not retry a 4xx
        List<String> accepts = List.of("text/plain", "text/html", "application/xml", "application/*", "text/*",
                "application/x-www-form-urlencoded", "application/json;q=0", "image/png, */*;q=0");
        for (int i = 0; i < accepts.size(); i++) {
            Answer a = http.postJson("/hooks/" + path, "{\"n\": " + i + "}", "Accept", accepts.get(i));
            assertThat(a.status()).as("Accept: %s -> %s", accepts.get(i), a).isEqualTo(200);
            assertThat(a.contentType()).startsWith("application/json");
            assertThat(a.json().get("received").asBoolean()).isTrue();
            Answer stored = http.get("/api/hooks/deliveries/" + a.json().get("id").asText());
            assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
            assertThat(stored.json().get("body").asText()).isEqualTo("{\"n\": " + i + "}");
            assertThat(stored.json().get("headers").get("accept").asText()).as("kept as sent").isEqualTo(accepts.get(i));
        }
        Answer unknown = http.postJson("/hooks/" + id("nowhere"), "{}", "Accept", "text/plain");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith(PROBLEM);
    }

    @Test
    void theSandboxPartnerAndTheHealthCheckAnswerWhateverIsAccepted() {
        for (String accept : List.of("text/plain", "text/html", "application/*", "application/json;q=0")) {
            Answer simulated = http.get("/sandbox/erp/orders?simulate=503", "Accept", accept);
            assertThat(simulated.status()).as("Accept: %s -> %s", accept, simulated).isEqualTo(503);
            assertThat(simulated.contentType()).startsWith("application/json");
            Answer stock = http.get("/sandbox/wms/stock", "Accept", accept);
            assertThat(stock.status()).as("Accept: %s -> %s", accept, stock).isEqualTo(200);
            Answer health = http.get("/health", "Accept", accept);
            assertThat(health.status()).as("Accept: %s -> %s", accept, health).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aSignedWebhookRefusesAMissingSignature() {
        String id = id("hook-signed");
        String path = id("hook-signed-path");
        Answer created = http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  signature: { scheme: github, secret: "gh-test-secret" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Answer a = http.postJson("/hooks/" + path, "{}");
        assertThat(a.status()).as(a.toString()).isEqualTo(401);
        assertThat(a.contentType()).startsWith(PROBLEM);
        sleep(200);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).isEmpty();
    }

    @Test
    void aSignedWebhookWhoseSecretIsNotSetAsksTheSenderToDeliverAgainLater() {
        String id = id("hook-unset");
        String path = id("hook-unset-path");
        Answer created = http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  signature: { scheme: standard-webhooks, secret: "${secrets.API_TEST_HOOK_NEVER_SET}" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        Answer a = http.postJson("/hooks/" + path, "{}", "webhook-id", "msg_1", "webhook-timestamp",
                Long.toString(System.currentTimeMillis() / 1000), "webhook-signature", "v1,AAAA");
        assertThat(a.status()).as(a.toString()).isEqualTo(503);
        assertThat(a.header("Retry-After")).isEqualTo("60");
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(a.json().path("detail").asText()).contains("signature secret is usable");
        sleep(200);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).isEmpty();
    }

    @Test
    void whileASecretIsRotatedDeliveriesSignedWithEitherActiveSecretAreAccepted() throws Exception {
        String id = id("hook-rotate");
        String path = id("hook-rotate-path");
        Answer created = http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  signature:
                    scheme: hmac
                    secrets: ["old-partner-secret", "new-partner-secret"]
                    header: X-Partner-Signature
                    algorithm: sha512
                    encoding: base64
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String body = "{\"order\": 7}";

        for (String secret : List.of("old-partner-secret", "new-partner-secret")) {
            Answer a = http.postJson("/hooks/" + path, body, "X-Partner-Signature", sha512Base64(secret, body));
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
        }
        Answer retired = http.postJson("/hooks/" + path, body, "X-Partner-Signature", sha512Base64("retired-secret", body));
        assertThat(retired.status()).as(retired.toString()).isEqualTo(401);
        assertThat(retired.contentType()).startsWith(PROBLEM);
        awaitExecutions(id, 2);
        sleep(200);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(2);
    }

    private static String sha512Base64(String secret, String body) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA512");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA512"));
        return java.util.Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aHundredIdenticalDeliveriesAtOnceStartExactlyOneExecution() throws Exception {
        String id = id("hook-burst");
        String path = id("hook-burst-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));

        var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            List<java.util.concurrent.Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add(pool.submit(() -> http.postJson("/hooks/" + path, "{\"n\": 1}", "webhook-id", "msg-burst-1")));
            }
            List<Answer> answers = new ArrayList<>();
            for (var f : sent) {
                answers.add(f.get());
            }
            answers.forEach(a -> assertThat(a.status()).as(a.toString()).isEqualTo(200));
            assertThat(answers.stream().map(a -> a.json().get("id").asText()).distinct()).hasSize(1);
            assertThat(answers.stream().filter(a -> !a.json().path("duplicate").asBoolean())).hasSize(1);
        } finally {
            pool.shutdown();
        }
        awaitExecutions(id, 1);
        sleep(500);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(1);
        assertThat(http.get("/api/hooks/deliveries?flowId=" + id).json()).hasSize(1);
    }

    @Test
    void aStandardWebhooksSignatureIsCheckedOverTheRawBody() {
        String id = id("hook-std");
        String path = id("hook-std-path");
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("a-test-secret-of-enough-bytes".getBytes());
        assertThat(http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  signature: { scheme: standard-webhooks, secret: "%s" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path, secret)).status()).isEqualTo(201);
        String body = "{ \"orderId\" :  \"SO-9\" }";
        String ts = Long.toString(Instant.now().getEpochSecond());
        String sig = "v1," + java.util.Base64.getEncoder().encodeToString(io.flows.engine.hooks.Signatures.hmac(
                java.util.Base64.getDecoder().decode(secret.substring(6)),
                ("msg-std-1." + ts + "." + body).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        Answer wrong = http.postJson("/hooks/" + path, body, "webhook-id", "msg-std-1", "webhook-timestamp", ts,
                "webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith(PROBLEM);
        assertThat(wrong.body()).doesNotContain(secret);
        String old = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());
        Answer stale = http.postJson("/hooks/" + path, body, "webhook-id", "msg-std-1", "webhook-timestamp", old,
                "webhook-signature", sig);
        assertThat(stale.status()).as(stale.toString()).isEqualTo(401);
        assertThat(http.get("/api/hooks/deliveries?flowId=" + id).json()).as("refused deliveries are not stored").isEmpty();

        Answer ok = http.postJson("/hooks/" + path, body, "webhook-id", "msg-std-1", "webhook-timestamp", ts,
                "webhook-signature", "v1,bm90IGl0 " + sig);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        Answer replayed = http.postJson("/hooks/" + path, body, "webhook-id", "msg-std-1", "webhook-timestamp", ts,
                "webhook-signature", sig);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.json().get("duplicate").asBoolean()).isTrue();
        assertThat(replayed.json().get("id").asText()).isEqualTo(ok.json().get("id").asText());

        JsonNode e = awaitStatus(awaitExecutions(id, 1).get(0), "SUCCEEDED");
        assertThat(e.get("trigger").get("body").get("orderId").asText()).isEqualTo("SO-9");
        JsonNode d = http.get("/api/hooks/deliveries/" + ok.json().get("id").asText()).json();
        assertThat(d.get("body").asText()).as("kept as received").isEqualTo(body);
        assertThat(d.toString()).doesNotContain(secret);
    }

    @Test
    void aGithubSignatureIsChecked() {
        String id = id("hook-gh");
        String path = id("hook-gh-path");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  signature: { scheme: github, secret: "gh-test-secret" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path));
        String body = "{\"action\": \"opened\"}";
        String hex = java.util.HexFormat.of().formatHex(io.flows.engine.hooks.Signatures.hmac(
                "gh-test-secret".getBytes(), body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(http.postJson("/hooks/" + path, body).status()).isEqualTo(401);
        assertThat(http.postJson("/hooks/" + path, body, "X-Hub-Signature-256", "sha256=" + hex.replace('a', 'b')).status())
                .isEqualTo(401);
        Answer ok = http.postJson("/hooks/" + path, body, "X-Hub-Signature-256", "sha256=" + hex);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        awaitStatus(awaitExecutions(id, 1).get(0), "SUCCEEDED");
    }

    @Test
    void aFailedRunIsRecordedOnTheDeliveryAndTheSenderStillGets200() {
        String id = id("hook-fail");
        String path = id("hook-fail-path");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s }
                steps:
                  - { id: boom, type: transform, script: "throw new Error('no way')" }
                """.formatted(id, path));
        Answer a = http.postJson("/hooks/" + path, "{}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        String delivery = a.json().get("id").asText();
        JsonNode d = awaitDelivery(delivery, "FAILED");
        assertThat(d.get("executionId").asText()).isNotBlank();
        assertThat(d.get("error").get("code").asText()).isNotBlank();
        assertThat(ids(http.get("/api/hooks/deliveries?status=failed&limit=1000").json())).contains(delivery);
        assertThat(ids(http.get("/api/hooks/deliveries?flowId=" + id + "&status=PROCESSED").json())).isEmpty();
        assertThat(http.get("/api/hooks/deliveries?status=bogus").status()).isEqualTo(400);
        assertThat(http.get("/api/hooks/deliveries/no-such-delivery").status()).isEqualTo(404);
    }

    @Test
    void deliveriesStillReceivedAtARestartAreProcessedOnce() {
        String id = id("hook-restart");
        String path = id("hook-restart-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        var repo = server.getApplicationContext().getBean(io.flows.engine.store.WebhookDeliveryRepository.class);
        Instant now = Instant.now();
        String unclaimed = UUID.randomUUID().toString();
        String claimed = UUID.randomUUID().toString();
        String claimedExecution = UUID.randomUUID().toString();
        repo.save(new io.flows.engine.store.WebhookDeliveryRow(unclaimed, id, path, now, "RECEIVED", "{}", "{}",
                "{\"n\": 1}", "application/json", null, null, null, null, null, null, null, null));
        repo.save(new io.flows.engine.store.WebhookDeliveryRow(claimed, id, path, now.plusMillis(1), "RECEIVED", "{}", "{}",
                "{\"n\": 2}", "application/json", claimedExecution, null, null, null, null, null, null, null));

        server.getApplicationContext().close();
        server = start(props);
        http.base(baseUrl(server));

        JsonNode first = awaitDelivery(unclaimed, "PROCESSED");
        JsonNode second = awaitDelivery(claimed, "PROCESSED");
        assertThat(second.get("executionId").asText()).isEqualTo(claimedExecution);
        assertThat(awaitStatus(first.get("executionId").asText(), "SUCCEEDED").get("trigger").get("body"))
                .isEqualTo(json("{\"n\": 1}"));
        assertThat(awaitStatus(claimedExecution, "SUCCEEDED").get("trigger").get("body")).isEqualTo(json("{\"n\": 2}"));
        sleep(300);
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(2);
    }

    @Test
    void aWebhookBodyOverTheWebhookLimitIs413AndNotStored() {
        String id = id("hook-big");
        String path = id("hook-big-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        Answer big = http.post("/hooks/" + path, "text/plain", "x".repeat(WEBHOOK_MAX_BODY_BYTES + 1));
        assertThat(big.status()).as(big.toString()).isEqualTo(413);
        assertThat(big.contentType()).startsWith(PROBLEM);
        assertThat(http.post("/hooks/" + path, "text/plain", "x".repeat(WEBHOOK_MAX_BODY_BYTES)).status()).isEqualTo(200);
        assertThat(http.get("/api/hooks/deliveries?flowId=" + id).json()).hasSize(1);
    }

    @Test
    void dedupeKeysExpireAfterTheWindowAndOldDeliveriesArePruned() {
        String id = id("hook-window");
        String path = id("hook-window-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        var repo = server.getApplicationContext().getBean(io.flows.engine.store.WebhookDeliveryRepository.class);
        Instant now = Instant.now();
        String oldKeyed = UUID.randomUUID().toString();
        String ancient = UUID.randomUUID().toString();
        String recent = UUID.randomUUID().toString();
        repo.save(new io.flows.engine.store.WebhookDeliveryRow(oldKeyed, id, path, now.minus(Duration.ofDays(8)), "PROCESSED",
                "{}", "{}", "{}", "application/json", null, null, "msg-window-1", null, null, null, null, null));
        repo.save(new io.flows.engine.store.WebhookDeliveryRow(ancient, id, path, now.minus(Duration.ofDays(40)), "FAILED",
                "{}", "{}", "{}", "application/json", null, null, "msg-window-2", null, null, null, null, null));
        repo.save(new io.flows.engine.store.WebhookDeliveryRow(recent, id, path, now.minus(Duration.ofDays(1)), "PROCESSED",
                "{}", "{}", "{}", "application/json", null, null, "msg-window-3", null, null, null, null, null));

        Answer again = http.postJson("/hooks/" + path, "{}", "webhook-id", "msg-window-1");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).as("older than the 7 day window: new again").isFalse();
        Answer repeat = http.postJson("/hooks/" + path, "{}", "webhook-id", "msg-window-3");
        assertThat(repeat.json().path("duplicate").asBoolean()).isTrue();
        assertThat(repeat.json().get("id").asText()).isEqualTo(recent);

        int deleted = server.getApplicationContext().getBean(io.flows.engine.hooks.WebhookService.class).prune();
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(repo.findById(ancient)).isEmpty();
        assertThat(repo.findById(recent).orElseThrow().dedupeKey()).isEqualTo("msg-window-3");
        assertThat(repo.findById(oldKeyed).orElseThrow().dedupeKey()).isNull();

        // a retention shorter than the dedupe window (1 day here) keeps what a repeat is recognised by
        assertThat(repo.deleteEndedBefore(now.minus(Duration.ofHours(1)))).isGreaterThanOrEqualTo(1);
        assertThat(repo.findById(oldKeyed)).as("its key is forgotten").isEmpty();
        assertThat(repo.findById(recent)).as("its key is within the window").isPresent();
        Answer stillRepeat = http.postJson("/hooks/" + path, "{}", "webhook-id", "msg-window-3");
        assertThat(stillRepeat.json().path("duplicate").asBoolean()).as(stillRepeat.toString()).isTrue();
    }

    @Test
    void webhookOutcomesAreCounted() {
        String id = id("hook-metrics");
        String path = id("hook-metrics-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        String delivery = http.postJson("/hooks/" + path, "{}", "webhook-id", "msg-metrics-1").json().get("id").asText();
        http.postJson("/hooks/" + path, "{}", "webhook-id", "msg-metrics-1");
        awaitDelivery(delivery, "PROCESSED");
        sleep(100);
        String text = http.get("/prometheus").body();
        assertThat(text).contains("flows_webhook_deliveries_total{flow=\"" + id + "\",outcome=\"received\"} 1.0")
                .contains("flows_webhook_deliveries_total{flow=\"" + id + "\",outcome=\"duplicate\"} 1.0")
                .contains("flows_webhook_deliveries_total{flow=\"" + id + "\",outcome=\"processed\"} 1.0");
    }

    @Test
    void deliveriesWithOneOrderingKeyRunOneAtATimeInSequenceOrderAndOlderOnesAreSkipped() {
        String id = id("hook-order");
        String path = id("hook-order-path");
        assertThat(http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  orderingKey: "${body.orderId}"
                  sequence: "${body.version}"
                steps:
                  - { id: pause, type: delay, duration: 400ms }
                """.formatted(id, path)).status()).isEqualTo(201);

        String d1 = http.postJson("/hooks/" + path, "{\"orderId\": \"A\", \"version\": 1}").json().get("id").asText();
        String d3 = http.postJson("/hooks/" + path, "{\"orderId\": \"A\", \"version\": 3}").json().get("id").asText();
        String d2 = http.postJson("/hooks/" + path, "{\"orderId\": \"A\", \"version\": 2}").json().get("id").asText();

        JsonNode e1 = awaitStatus(awaitDelivery(d1, "PROCESSED").get("executionId").asText(), "SUCCEEDED");
        JsonNode e2 = awaitStatus(awaitDelivery(d2, "PROCESSED").get("executionId").asText(), "SUCCEEDED");
        JsonNode e3 = awaitStatus(awaitDelivery(d3, "PROCESSED").get("executionId").asText(), "SUCCEEDED");
        assertThat(Instant.parse(e2.get("startedAt").asText())).as("one at a time, in sequence order")
                .isAfterOrEqualTo(Instant.parse(e1.get("finishedAt").asText()));
        assertThat(Instant.parse(e3.get("startedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(e2.get("finishedAt").asText()));

        Answer late = http.postJson("/hooks/" + path, "{\"orderId\": \"A\", \"version\": 2}");
        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        JsonNode stale = awaitDelivery(late.json().get("id").asText(), "SKIPPED_STALE");
        assertThat(stale.has("executionId")).isFalse();
        assertThat(stale.get("error").get("code").asText()).isEqualTo("STALE");
        String other = http.postJson("/hooks/" + path, "{\"orderId\": \"B\", \"version\": 1}").json().get("id").asText();
        awaitDelivery(other, "PROCESSED");
        assertThat(http.get("/api/flows/" + id + "/executions").json()).hasSize(4);
    }

    @Test
    void aSequenceThatIsNoNumberIsLoggedOnceNamingTheStoredDeliveryAndNotForItsDuplicates() {
        String id = id("hook-odd-sequence");
        String path = id("hook-odd-sequence-path");
        assertThat(http.post("/api/flows", "application/yaml", """
                id: %s
                trigger:
                  type: webhook
                  path: %s
                  orderingKey: "${body.orderId}"
                  sequence: "${body.version}"
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path)).status()).isEqualTo(201);
        String body = "{\"orderId\": \"A\", \"version\": \"soon\"}";
        try (io.flows.engine.support.LogLines log = new io.flows.engine.support.LogLines(
                io.flows.engine.hooks.WebhookService.class)) {
            Answer first = http.postJson("/hooks/" + path, body, "webhook-id", "msg-" + id);
            Answer again = http.postJson("/hooks/" + path, body, "webhook-id", "msg-" + id);
            assertThat(again.json().path("duplicate").asBoolean()).as(again.toString()).isTrue();
            String stored = first.json().path("id").asText();
            assertThat(again.json().path("id").asText()).isEqualTo(stored);
            awaitDelivery(stored, "PROCESSED");
            List<String> warnings = log.messages().stream().filter(m -> m.contains("the sequence of flow " + id)).toList();
            assertThat(warnings).singleElement().asString().contains("delivery " + stored);
        }
    }

    @Test
    void deliveriesAnsweredBeforeTheirFlowIsDisabledStillRunAndOnesOfADeletedFlowSaySo() {
        String id = id("hook-accepted");
        String path = id("hook-accepted-path");
        assertThat(http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s, orderingKey: "${body.k}" }
                steps:
                  - { id: pause, type: delay, duration: 300ms }
                  - { id: out, type: transform, set: { n: "${input.n}" } }
                """.formatted(id, path)).status()).isEqualTo(201);
        List<String> accepted = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            Answer a = http.postJson("/hooks/" + path, "{\"k\": \"same\", \"n\": " + n + "}");
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            accepted.add(a.json().get("id").asText());
        }
        assertThat(http.post("/api/flows/" + id + "/disable", null, null).status()).isEqualTo(200);
        assertThat(http.postJson("/hooks/" + path, "{\"k\": \"same\", \"n\": 4}").status())
                .as("a new delivery to a disabled flow is refused, so its sender retries").isEqualTo(503);

        // the sender was told 200 for each: each one runs, in order, as queued executions of a disabled flow do
        for (int n = 1; n <= 3; n++) {
            JsonNode done = awaitStatus(awaitDelivery(accepted.get(n - 1), "PROCESSED").get("executionId").asText(), "SUCCEEDED");
            assertThat(done.get("output").get("n").asInt()).isEqualTo(n);
        }

        // a flow deleted before its deliveries ran: they fail saying why, and name no execution that never was
        String gone = id("hook-gone");
        String gonePath = id("hook-gone-path");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s, orderingKey: "${body.k}" }
                steps:
                  - { id: pause, type: delay, duration: 300ms }
                """.formatted(gone, gonePath));
        http.postJson("/hooks/" + gonePath, "{\"k\": \"same\"}");
        String second = http.postJson("/hooks/" + gonePath, "{\"k\": \"same\"}").json().get("id").asText();
        assertThat(http.delete("/api/flows/" + gone).status()).isEqualTo(204);
        JsonNode failed = awaitDelivery(second, "FAILED");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("FLOW_DELETED");
        assertThat(failed.get("error").get("message").asText()).contains(gone).contains("deleted");
        assertThat(failed.path("executionId").isMissingNode() || failed.get("executionId").isNull())
                .as("no execution was stored: " + failed).isTrue();
    }

    @Test
    void aDeliveryAcceptedForADeletedFlowDoesNotRunOnAFlowCreatedAgainWithItsId() {
        String id = id("hook-reborn");
        String path = id("hook-reborn-path");
        String yaml = """
                id: %s
                trigger: { type: webhook, path: %s, orderingKey: "${body.k}" }
                steps:
                  - { id: pause, type: delay, duration: 1s }
                """.formatted(id, path);
        assertThat(http.post("/api/flows", "application/yaml", yaml).status()).isEqualTo(201);
        http.postJson("/hooks/" + path, "{\"k\": \"same\"}");
        // waits in its ordering lane while the first one runs, and meanwhile its flow goes and another takes its id
        String waiting = http.postJson("/hooks/" + path, "{\"k\": \"same\"}").json().get("id").asText();
        assertThat(http.delete("/api/flows/" + id).status()).isEqualTo(204);
        assertThat(http.post("/api/flows", "application/yaml", yaml).status()).isEqualTo(201);

        JsonNode failed = awaitDelivery(waiting, "FAILED");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("FLOW_DELETED");
        // "deleted", or "deleted and created after" when its turn came once the flow was back: a loaded machine may
        // take longer for the delete and the create than the first delivery's pause; neither runs it on the new flow
        assertThat(failed.get("error").get("message").asText()).contains(id).contains("deleted");
        assertThat(failed.path("executionId").isMissingNode() || failed.get("executionId").isNull())
                .as("no execution was stored: " + failed).isTrue();

        // the flow created again runs the deliveries accepted for it
        String fresh = http.postJson("/hooks/" + path, "{\"k\": \"same\"}").json().get("id").asText();
        String executionId = awaitDelivery(fresh, "PROCESSED").get("executionId").asText();
        assertThat(http.get("/api/executions/" + executionId).json().get("flowVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aWebhookPathOverItsRateLimitGets429WithRetryAfter() throws Exception {
        Map<String, Object> limited = serviceProperties(newDatabase(), false);
        limited.put("flows.webhook-rate-limit", 3);
        EmbeddedServer other = start(limited);
        try {
            Http client = new Http(baseUrl(other));
            String id = id("hook-limit");
            String path = id("hook-limit-path");
            client.post("/api/flows", "application/yaml", webhookFlow(id, path));
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(client.postJson("/hooks/" + path, "{}"));
            }
            Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow(
                    () -> new AssertionError("no 429 in " + answers));
            assertThat(refused.contentType()).startsWith(PROBLEM);
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();
            assertThat(answers.stream().filter(a -> a.status() == 200)).hasSizeBetween(3, 5);
        } finally {
            other.getApplicationContext().close();
        }
    }

    @Test
    @Timeout(120)
    void aBurstOfAThousandDeliveriesIsAllAnsweredAndAllProcessed() throws Exception {
        String id = id("hook-thousand");
        String path = id("hook-thousand-path");
        http.post("/api/flows", "application/yaml", webhookFlow(id, path));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        List<String> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<java.util.concurrent.Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                sent.add(pool.submit(() -> http.postJson("/hooks/" + path, "{\"n\": " + n + "}", "webhook-id", "msg-k-" + n)));
            }
            for (var f : sent) {
                Answer a = f.get();
                assertThat(a.status()).as(a.toString()).isEqualTo(200);
                delivered.add(a.json().get("id").asText());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(delivered).doesNotHaveDuplicates().hasSize(1000);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int processed = 0;
        while (System.nanoTime() < deadline) {
            processed = http.get("/api/hooks/deliveries?flowId=" + id + "&status=PROCESSED&limit=1000").json().size();
            if (processed == 1000) {
                break;
            }
            sleep(200);
        }
        assertThat(processed).isEqualTo(1000);
        assertThat(http.get("/api/flows/" + id + "/executions?limit=1000").json()).hasSize(1000);
    }

    // ---------------------------------------------------------------- NUL characters and nesting depth

    @Test
    void flowsHoldingHalfASurrogatePairAreRefusedWithThePathByValidateCreateAndUpdate() {
        String id = id("half-pair");
        Answer inSet = http.postJson("/api/flows", """
                {"id": "%s", "steps": [{"id": "t", "type": "transform", "set": {"c": "\\ud800"}}]}""".formatted(id));
        assertThat(inSet.status()).as(inSet.toString()).isEqualTo(400);
        assertThat(inSet.contentType()).startsWith(PROBLEM);
        JsonNode error = inSet.json().path("errors").path(0);
        assertThat(error.path("code").asText()).isEqualTo("LONE_SURROGATE");
        assertThat(error.path("path").asText()).isEqualTo("steps[0].set.c");
        assertThat(error.path("line").asInt()).isEqualTo(1);
        assertThat(error.path("message").asText()).contains("half of a UTF-16 surrogate pair");

        Answer inKey = http.postJson("/api/flows/validate", """
                {"id": "%s", "steps": [{"id": "t", "type": "error-injection", "mode": "respond", "probability": 1,
                 "response": {"k\\ud800": "v"}}]}""".formatted(id));
        assertThat(inKey.json().path("valid").asBoolean()).as(inKey.toString()).isFalse();
        assertThat(inKey.json().path("errors").path(0).path("path").asText()).isEqualTo("steps[0].response[\"k\uFFFD\"]");
        assertThat(inKey.json().path("errors").path(0).path("line").asInt()).isEqualTo(2);

        Answer inYaml = http.post("/api/flows", "application/yaml", """
                id: %s
                description: "x\\udc00y"
                steps: []
                """.formatted(id));
        assertThat(inYaml.status()).as(inYaml.toString()).isEqualTo(400);
        assertThat(inYaml.json().path("errors").path(0).path("path").asText()).isEqualTo("description");
        assertThat(inYaml.json().path("errors").path(0).path("line").asInt()).isEqualTo(2);
        assertThat(http.get("/api/flows/" + id).status()).isEqualTo(404);

        assertThat(http.postJson("/api/flows", jsonFlow(id)).status()).isEqualTo(201);
        for (String withoutId : List.of(jsonFlow(id), jsonFlow(id).replace("\"id\": \"" + id + "\", ", ""))) {
            Answer put = http.put("/api/flows/" + id, "application/json",
                    withoutId.replace("\"name\": \"JSON flow\"", "\"name\": \"JSON flow\", \"description\": \"x\\ud800y\""));
            assertThat(put.status()).as(put.toString()).isEqualTo(400);
            assertThat(put.json().path("errors").path(0).path("path").asText()).isEqualTo("description");
        }
        Answer whole = http.put("/api/flows/" + id, "application/json",
                jsonFlow(id).replace("\"name\": \"JSON flow\"", "\"name\": \"JSON flow\", \"description\": \"\\ud83d\\ude00\""));
        assertThat(whole.status()).as(whole.toString()).isEqualTo(200);
        assertThat(http.get("/api/flows/" + id).json().path("description").asText()).isEqualTo("😀");
    }

    @Test
    void flowsHoldingANulCharacterAreRefusedAlikeByValidateCreateAndUpdate() {
        String id = id("nul");
        String withNul = """
                {"id": "%s", "name": "a\\u0000b", "trigger": {"type": "manual"}, "steps": []}""".formatted(id);
        Answer checked = http.postJson("/api/flows/validate", withNul);
        assertThat(checked.status()).as(checked.toString()).isEqualTo(200);
        assertThat(checked.json().path("valid").asBoolean()).as(checked.toString()).isFalse();
        JsonNode error = checked.json().path("errors").path(0);
        assertThat(error.path("code").asText()).isEqualTo("NUL_CHARACTER");
        assertThat(error.path("path").asText()).isEqualTo("name");
        assertThat(error.path("line").asInt()).isEqualTo(1);

        Answer created = http.postJson("/api/flows", withNul);
        assertThat(created.status()).as(created.toString()).isEqualTo(400);
        assertThat(created.contentType()).startsWith(PROBLEM);
        assertThat(created.json().path("errors").path(0).path("code").asText()).isEqualTo("NUL_CHARACTER");
        assertThat(http.get("/api/flows/" + id).status()).isEqualTo(404);

        Answer yaml = http.post("/api/flows", "application/yaml", """
                id: %s
                name: "a\\0b"
                trigger: { type: manual }
                steps: []
                """.formatted(id));
        assertThat(yaml.status()).as(yaml.toString()).isEqualTo(400);
        assertThat(yaml.json().path("errors").path(0).path("line").asInt()).isEqualTo(2);
        Answer rawNul = http.post("/api/flows", "application/yaml", "id: " + id + "\nname: a\0b\nsteps: []\n");
        assertThat(rawNul.status()).as(rawNul.toString()).isEqualTo(400);

        assertThat(http.postJson("/api/flows", jsonFlow(id)).status()).isEqualTo(201);
        Answer put = http.put("/api/flows/" + id, "application/json",
                jsonFlow(id).replace("\"name\": \"JSON flow\"", "\"name\": \"JSON flow\", \"description\": \"x\\u0000\""));
        assertThat(put.status()).as(put.toString()).isEqualTo(400);
        assertThat(put.json().path("errors").path(0).path("path").asText()).isEqualTo("description");
        Answer inScript = http.put("/api/flows/" + id, "application/json",
                jsonFlow(id).replace("input.n * 2", "input.n * 2, nul: '\\u0000'"));
        assertThat(inScript.status()).as(inScript.toString()).isEqualTo(400);
        assertThat(inScript.json().path("errors").path(0).path("path").asText()).isEqualTo("steps[0].script");
        assertThat(http.get("/api/flows/" + id).json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void aWebhookBodyHoldingANulIsStoredAndTheFlowSeesItsText() {
        String id = id("hook-nul");
        String path = id("hook-nul-path");
        Answer saved = http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s, idempotencyKey: "${body}" }
                steps:
                  - { id: echo, type: transform, script: "return { text: input, length: input.length }" }
                """.formatted(id, path));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);

        Answer a = http.post("/hooks/" + path, "application/octet-stream", "abc\0def");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        String delivery = a.json().path("id").asText();
        JsonNode e = awaitStatus(awaitExecutions(id, 1).get(0), "SUCCEEDED");
        assertThat(e.path("trigger").path("body").textValue()).isEqualTo("abc\0def");
        assertThat(e.path("output").path("length").asInt()).isEqualTo(7);
        assertThat(awaitDelivery(delivery, "PROCESSED").path("body").textValue()).isEqualTo("abc\0def");
        // the key the body gave is kept too: the same body again is a repeat
        Answer again = http.post("/hooks/" + path, "application/octet-stream", "abc\0def");
        assertThat(again.json().path("duplicate").asBoolean()).as(again.toString()).isTrue();

        // bytes that are not UTF-8 are kept as they came (the flow sees their text, as before)
        byte[] binary = {(byte) 0xff, 0, 'x'};
        String other = sendBytes("/hooks/" + path, binary).json().path("id").asText();
        awaitDelivery(other, "PROCESSED");
        var row = server.getApplicationContext().getBean(io.flows.engine.store.WebhookDeliveryRepository.class)
                .findById(other).orElseThrow();
        assertThat(row.bodyEncoding()).isEqualTo("base64");
        assertThat(java.util.Base64.getDecoder().decode(row.body())).isEqualTo(binary);
    }

    @Test
    void aWebhookTextBodyIsReadInItsDeclaredCharsetAndItsBytesStayReadable() {
        String id = id("hook-charset");
        String path = id("hook-charset-path");
        assertThat(http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s }
                steps:
                  - { id: echo, type: transform, script: "return { text: input, length: input.length }" }
                """.formatted(id, path)).status()).isEqualTo(201);
        byte[] latin1 = {'G', 'r', (byte) 0xfc, (byte) 0xdf, 'e'};

        String delivery = sendBytes("/hooks/" + path, "text/plain; charset=iso-8859-1", latin1).json().path("id").asText();
        JsonNode seen = awaitDelivery(delivery, "PROCESSED");
        JsonNode e = awaitStatus(seen.path("executionId").asText(), "SUCCEEDED");
        assertThat(e.path("trigger").path("body").textValue()).isEqualTo("Grüße");
        assertThat(e.path("output").path("length").asInt()).isEqualTo(5);
        // the view shows the text the flow saw, and the bytes as they came, which that text does not give back
        assertThat(seen.path("body").textValue()).isEqualTo("Grüße");
        assertThat(java.util.Base64.getDecoder().decode(seen.path("bodyBase64").asText())).isEqualTo(latin1);

        // a form in that charset; a charset Java does not know is read as UTF-8
        String form = http.post("/hooks/" + path, "application/x-www-form-urlencoded; charset=ISO-8859-1", "w=Gr%FC%DFe")
                .json().path("id").asText();
        JsonNode formRun = awaitStatus(awaitDelivery(form, "PROCESSED").path("executionId").asText(), "SUCCEEDED");
        assertThat(formRun.path("trigger").path("body").path("w").textValue()).isEqualTo("Grüße");
        String unknown = http.post("/hooks/" + path, "text/plain; charset=no-such-charset", "Grüße").json().path("id").asText();
        JsonNode utf8 = awaitDelivery(unknown, "PROCESSED");
        assertThat(awaitStatus(utf8.path("executionId").asText(), "SUCCEEDED").path("trigger").path("body").textValue())
                .isEqualTo("Grüße");
        assertThat(utf8.has("bodyBase64")).as("a UTF-8 body is its text: %s", utf8).isFalse();

        // a secret value is masked in the text, and its bytes are not given to read around the mask
        String secret = "hush-" + UUID.randomUUID();
        io.flows.engine.secrets.Redactor.shared().add(secret);
        byte[] holding = ("token: " + secret + " f\u00fcr").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String secretive = sendBytes("/hooks/" + path, "text/plain; charset=iso-8859-1", holding).json().path("id").asText();
        JsonNode masked = awaitDelivery(secretive, "PROCESSED");
        assertThat(masked.path("body").textValue()).isEqualTo("token: *** für");
        assertThat(masked.has("bodyBase64")).as("%s", masked).isFalse();
    }

    @Test
    void aNulInAUrlOrHeaderIsABadRequestWhateverTheDatabase() throws IOException {
        String id = id("nul-url");
        http.post("/api/flows", "application/yaml", echoFlow(id));
        for (String url : List.of("/api/flows/a%00b", "/api/executions/x%00y", "/api/flows/" + id + "/executions?status=%00",
                "/api/hooks/deliveries?flowId=a%00b")) {
            Answer a = http.get(url);
            assertThat(a.status()).as(a.toString()).isEqualTo(400);
            assertProblemShape(a.json(), 400);
            assertThat(a.json().path("detail").asText()).contains("NUL");
        }
        assertThat(http.postJson("/hooks/a%00b", "{}").status()).isEqualTo(400);
        assertThat(http.postJson("/api/flows/" + id + "/executions?x=%00", "{}").status()).isEqualTo(400);

        // java.net.http refuses to send such a header: written by hand
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.getPort())) {
            socket.getOutputStream().write(("POST /api/flows/" + id + "/executions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nIdempotency-Key: a\0b\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\n{}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        assertThat(http.get("/api/flows/" + id + "/executions").json()).isEmpty();
    }

    /** {@code depth} nested arrays. */
    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** Reads answers deeper than a plain ObjectMapper does (the service's own limit is not the one under test). */
    static final com.fasterxml.jackson.databind.ObjectMapper DEEP = new com.fasterxml.jackson.databind.ObjectMapper(
            com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(
                    com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(100_000).build()).build());

    static JsonNode deep(Answer a) {
        try {
            return DEEP.readTree(a.body());
        } catch (IOException e) {
            throw new IllegalArgumentException(a.toString(), e);
        }
    }

    static JsonNode deep(String json) {
        try {
            return DEEP.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aTriggerBodyAtTheDepthLimitCanBeRunReadListedAndReplayed() {
        String id = id("deep");
        // a delay passes its input on untouched (JavaScript has a nesting limit of its own, below this one)
        http.post("/api/flows", "application/yaml", delayFlow(id, "1ms"));
        for (int depth : new int[] {JsonDepthLimit.MAX - 2, JsonDepthLimit.MAX - 1, JsonDepthLimit.MAX}) {
            Answer run = http.postJson("/api/flows/" + id + "/executions?wait=true", nested(depth));
            assertThat(run.status()).as("depth %s: %s", depth, run).isEqualTo(200);
            JsonNode e = deep(run);
            assertThat(e.path("status").asText()).as("depth %s: %s", depth, run).isEqualTo("SUCCEEDED");
            assertThat(e.path("output")).isEqualTo(deep(nested(depth)));
            Answer read = http.get("/api/executions/" + e.path("id").asText());
            assertThat(read.status()).as("depth %s: %s", depth, read).isEqualTo(200);
            assertThat(deep(read).path("trigger").path("body")).isEqualTo(deep(nested(depth)));
            Answer replay = http.post("/api/executions/" + e.path("id").asText() + "/replay", null, null);
            assertThat(replay.status()).as("depth %s: %s", depth, replay).isEqualTo(202);
            String again = replay.json().path("id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Answer replayed = http.get("/api/executions/" + again);
            while (!deep(replayed).path("status").asText().equals("SUCCEEDED") && System.nanoTime() < deadline) {
                sleep(25);
                replayed = http.get("/api/executions/" + again);
            }
            assertThat(deep(replayed).path("status").asText()).as(replayed.toString()).isEqualTo("SUCCEEDED");
        }
        String key = id("deep-key");
        Answer keyed = http.postJson("/api/flows/" + id + "/executions?wait=true", nested(JsonDepthLimit.MAX), "Idempotency-Key", key);
        assertThat(keyed.status()).as(keyed.toString()).isEqualTo(200);
        Answer repeated = http.postJson("/api/flows/" + id + "/executions?wait=true", nested(JsonDepthLimit.MAX), "Idempotency-Key", key);
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        assertThat(repeated.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(deep(repeated).path("id")).isEqualTo(deep(keyed).path("id"));

        Answer list = http.get("/api/flows/" + id + "/executions?limit=100");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(deep(list)).hasSize(7);

        Answer tooDeep = http.postJson("/api/flows/" + id + "/executions?wait=true", nested(JsonDepthLimit.MAX + 1));
        assertThat(tooDeep.status()).as(tooDeep.toString()).isEqualTo(400);
        assertProblemShape(tooDeep.json(), 400);
        assertThat(tooDeep.json().path("detail").asText()).contains("nests more than " + JsonDepthLimit.MAX + " levels");
        assertThat(deep(http.get("/api/flows/" + id + "/executions?limit=100"))).hasSize(7);
    }

    @Test
    void aWebhookBodyAtTheDepthLimitRunsAndReadsAndOneDeeperIsRefused() {
        String id = id("hook-deep");
        String path = id("hook-deep-path");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: webhook, path: %s }
                steps:
                  - { id: pause, type: delay, duration: 1ms }
                """.formatted(id, path));
        Answer a = http.postJson("/hooks/" + path, nested(JsonDepthLimit.MAX));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        String delivery = a.json().path("id").asText();
        String execution = awaitDelivery(delivery, "PROCESSED").path("executionId").asText();
        Answer read = http.get("/api/executions/" + execution);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(deep(read).path("status").asText()).isEqualTo("SUCCEEDED");

        Answer tooDeep = http.postJson("/hooks/" + path, nested(JsonDepthLimit.MAX + 1));
        assertThat(tooDeep.status()).as(tooDeep.toString()).isEqualTo(400);
        assertThat(tooDeep.json().path("detail").asText()).contains("nests more than " + JsonDepthLimit.MAX + " levels");
    }

    @Test
    void valuesMadeDeeperThanTheLimitFailTheirStepAndTheExecutionStaysReadable() {
        // a template wrapping a value at the limit
        String wrap = id("deep-wrap");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: wrap, type: transform, set: { inner: "${input}" } }
                """.formatted(wrap));
        assertThat(deep(http.postJson("/api/flows/" + wrap + "/executions?wait=true", nested(JsonDepthLimit.MAX - 1)))
                .path("status").asText()).isEqualTo("SUCCEEDED");
        JsonNode wrapped = deep(http.postJson("/api/flows/" + wrap + "/executions?wait=true", nested(JsonDepthLimit.MAX)));
        assertThat(wrapped.path("status").asText()).as(() -> String.valueOf(wrapped.path("error"))).isEqualTo("FAILED");
        assertThat(wrapped.path("error").path("code").asText()).as(() -> String.valueOf(wrapped.path("error"))).isEqualTo("VALUE_TOO_DEEP");
        assertThat(wrapped.path("error").path("stepId").asText()).isEqualTo("wrap");
        assertThat(wrapped.path("error").path("message").asText()).contains("step 'wrap'").contains("1001 levels");
        assertThat(http.get("/api/executions/" + wrapped.path("id").asText()).status()).isEqualTo(200);

        // a control step whose output (an object of its branches' outputs) is one level deeper than what they gave
        String branches = id("deep-branches");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - id: both
                    type: parallel
                    branches:
                      only: [ { id: pause, type: delay, duration: 1ms } ]
                """.formatted(branches));
        JsonNode fanned = deep(http.postJson("/api/flows/" + branches + "/executions?wait=true", nested(JsonDepthLimit.MAX)));
        assertThat(fanned.path("error").path("code").asText()).as(() -> String.valueOf(fanned.path("error"))).isEqualTo("VALUE_TOO_DEEP");
        assertThat(fanned.path("error").path("stepId").asText()).isEqualTo("both");
        assertThat(http.get("/api/executions/" + fanned.path("id").asText()).status()).isEqualTo(200);

        // the flow's output doing so
        String output = id("deep-output");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: pause, type: delay, duration: 1ms }
                output: { result: "${steps.pause.output}" }
                """.formatted(output));
        JsonNode out = deep(http.postJson("/api/flows/" + output + "/executions?wait=true", nested(JsonDepthLimit.MAX)));
        assertThat(out.path("status").asText()).as(() -> String.valueOf(out.path("error"))).isEqualTo("FAILED");
        assertThat(out.path("error").path("code").asText()).isEqualTo("VALUE_TOO_DEEP");
        assertThat(http.get("/api/executions/" + out.path("id").asText()).status()).isEqualTo(200);

        // a script's result: JavaScript itself stops short of the limit, with an error of the step all the same
        String script = id("deep-script");
        http.post("/api/flows", "application/yaml", """
                id: %s
                trigger: { type: manual }
                steps:
                  - id: build
                    type: transform
                    script: "let v = []; for (let i = 1; i < input.depth; i++) { v = [v]; } return v;"
                """.formatted(script));
        JsonNode built = deep(http.postJson("/api/flows/" + script + "/executions?wait=true", "{\"depth\": 5000}"));
        assertThat(built.path("status").asText()).as(() -> String.valueOf(built.path("error"))).isEqualTo("FAILED");
        assertThat(built.path("error").path("code").asText()).as(() -> String.valueOf(built.path("error"))).isIn("VALUE_TOO_DEEP", "SCRIPT_ERROR");
        assertThat(http.get("/api/executions/" + built.path("id").asText()).status()).isEqualTo(200);
    }

    /** The limit the API documents for values (io.flows.dsl.json.JsonDepth), written out so a change is seen. */
    static final class JsonDepthLimit {
        static final int MAX = 1000;
    }

    Answer sendBytes(String path, byte[] body) {
        return sendBytes(path, "application/octet-stream", body);
    }

    Answer sendBytes(String path, String contentType, byte[] body) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl(server) + path))
                    .header("Content-Type", contentType)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
            var r = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Answer("POST " + path, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode awaitDelivery(String deliveryId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = http.get("/api/hooks/deliveries/" + deliveryId);
            if (last.status() == 200 && last.json().path("status").asText().equals(status)) {
                return last.json();
            }
            sleep(25);
        }
        return fail("delivery %s did not reach %s; last answer: %s", deliveryId, status, last);
    }

    String id(String name) {
        return "t" + seq.incrementAndGet() + "-" + name;
    }

    static String doubleFlow(String id) {
        return """
                # the comment is part of the saved text
                id: %s
                name: Double it
                description: Doubles n
                trigger: { type: manual }
                steps:
                  - id: double        # a script
                    type: transform
                    script: "return { n: input.n, doubled: input.n * 2 }"
                  - id: label
                    type: transform
                    set: { doubled: "${input.doubled}", label: done }
                """.formatted(id);
    }

    static String jsonFlow(String id) {
        return """
                {"id": "%s", "name": "JSON flow", "trigger": {"type": "manual"},
                 "steps": [{"id": "double", "type": "transform", "script": "return { doubled: input.n * 2 }"}]}
                """.formatted(id);
    }

    static String echoFlow(String id) {
        return """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id);
    }

    static String delayFlow(String id, String duration) {
        return """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: pause, type: delay, duration: %s }
                """.formatted(id, duration);
    }

    static String failableFlow(String id) {
        return """
                id: %s
                trigger: { type: manual }
                steps:
                  - id: check
                    type: transform
                    script: "if (input.fail) { throw new Error('asked to fail'); } return input;"
                """.formatted(id);
    }

    static String webhookFlow(String id, String path) {
        return """
                id: %s
                trigger: { type: webhook, path: %s }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """.formatted(id, path);
    }

    JsonNode runAndWait(String flowId, String body) {
        Answer a = http.postJson("/api/flows/" + flowId + "/executions?wait=true", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    /** Waits until a flow has {@code count} executions; their ids, newest first. */
    List<String> awaitExecutions(String flowId, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> ids = List.of();
        while (System.nanoTime() < deadline) {
            Answer a = http.get("/api/flows/" + flowId + "/executions");
            ids = a.status() == 200 ? ids(a.json()) : List.of();
            if (ids.size() >= count) {
                return ids;
            }
            sleep(25);
        }
        return fail("flow %s has %s executions, expected %s", flowId, ids.size(), count);
    }

    JsonNode awaitStatus(String executionId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = http.get("/api/executions/" + executionId);
            if (last.status() == 200 && last.json().path("status").asText().equals(status)) {
                return last.json();
            }
            sleep(25);
        }
        return fail("execution %s did not reach %s; last answer: %s", executionId, status, last);
    }

    /** An RFC 9457 problem of {@code about:blank} type: its title is the status's phrase ("Not Found"). */
    static void assertProblemShape(JsonNode p, int status) {
        assertThat(p.path("type").asText()).as(p.toString()).isEqualTo("about:blank");
        assertThat(p.path("title").asText()).as(p.toString()).isEqualTo(HttpStatus.valueOf(status).getReason());
        assertThat(p.path("status").asInt()).as(p.toString()).isEqualTo(status);
        assertThat(p.path("detail").asText()).as(p.toString()).isNotBlank();
    }

    static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.path("id").asText().equals(id)) {
                return n;
            }
        }
        return fail("%s not in %s", id, list);
    }

    static List<String> ids(JsonNode list) {
        return ids(list, "id");
    }

    static List<String> ids(JsonNode list, String field) {
        List<String> ids = new ArrayList<>();
        list.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }

    /** The ids of the bundled samples, read from the files under {@code samples/}. */
    static List<String> sampleIds() throws IOException {
        return List.copyOf(sampleFiles().keySet());
    }

    /** The bundled samples by id, each with its YAML file under {@code samples/}. */
    static Map<String, Path> sampleFiles() throws IOException {
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        Map<String, Path> byId = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(samples)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.readAllLines(f).stream().filter(l -> l.startsWith("id: ")).findFirst()
                        .ifPresent(l -> byId.put(l.substring(4).trim(), f));
            }
        }
        assertThat(byId).containsKey("order-to-erp");
        return byId;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
