package io.flows.engine.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Connections through the running service, written once and run on each database: the API (CRUD and
 * its refusals), and two nodes on one database, one in {@code sandbox} and one in {@code production},
 * running the same flow against two different partners.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class AbstractConnectionsServiceTest {

    static final String PROBLEM = "application/problem+json";
    private static final String SANDBOX_TOKEN = "sandbox-t0ken-value";
    private static final String PRODUCTION_TOKEN = "pr0duction-t0ken-value";

    private final AtomicInteger seq = new AtomicInteger();
    private final List<EmbeddedServer> servers = new ArrayList<>();
    private Partner sandboxErp;
    private Partner productionErp;
    /** The node in {@code sandbox}. */
    Http http;
    /** The node in {@code production}, on the same database. */
    Http production;

    private TestDatabase database;

    /** The database both nodes share (made new for the class, dropped after it). */
    protected abstract TestDatabase newDatabase();

    @BeforeAll
    void start() throws Exception {
        TestSecrets.VALUES.put("SANDBOX_TOKEN", SANDBOX_TOKEN);
        TestSecrets.VALUES.put("PRODUCTION_TOKEN", PRODUCTION_TOKEN);
        sandboxErp = new Partner();
        productionErp = new Partner();
        for (Partner p : List.of(sandboxErp, productionErp)) {
            p.on("/api/orders", r -> new Partner.Answer(200, "{\"erpId\":\"E-" + p.port() + "\"}"));
            p.on("/v2/orders", r -> new Partner.Answer(200, "{\"erpId\":\"V2-" + p.port() + "\"}"));
        }
        database = newDatabase();
        http = new Http(TestService.baseUrl(node("sandbox")));
        production = new Http(TestService.baseUrl(node("production")));
    }

    private EmbeddedServer node(String environment) {
        Map<String, Object> props = TestService.properties(database);
        props.put("flows.environment", environment);
        props.put("flows.connections.refresh", "200ms");
        props.put("flows.test.secrets", "static");
        EmbeddedServer server = TestService.start(props);
        servers.add(server);
        return server;
    }

    @AfterAll
    void stop() throws Exception {
        try {
            servers.forEach(s -> s.getApplicationContext().close());
            sandboxErp.close();
            productionErp.close();
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void profilesAreCreatedReadListedReplacedAndDeleted() {
        String name = name("crud");
        Answer created = http.put("/api/connections/" + name + "/sandbox", "application/json", bearer(sandboxErp, "SANDBOX_TOKEN"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/connections/" + name + "/sandbox");
        JsonNode profile = created.json();
        assertThat(profile.path("name").asText()).isEqualTo(name);
        assertThat(profile.path("environment").asText()).isEqualTo("sandbox");
        assertThat(profile.path("baseUrl").asText()).isEqualTo(sandboxErp.url("/api"));
        assertThat(profile.path("auth").path("token").asText()).isEqualTo("${secrets.SANDBOX_TOKEN}");
        assertThat(profile.path("timeout").asText()).isEqualTo("5s");
        assertThat(profile.has("createdAt")).isTrue();

        Answer replaced = http.put("/api/connections/" + name + "/sandbox", "application/json", profile.toString());
        assertThat(replaced.status()).as("a fetched profile can be put back: " + replaced).isEqualTo(200);
        assertThat(http.put("/api/connections/" + name + "/production", "application/json",
                bearer(productionErp, "PRODUCTION_TOKEN")).status()).isEqualTo(201);

        JsonNode list = http.get("/api/connections").json();
        assertThat(list.path("environment").asText()).isEqualTo("sandbox");
        JsonNode entry = find(list.path("connections"), name);
        assertThat(entry.path("environments").toString()).isEqualTo("[\"production\",\"sandbox\"]");
        assertThat(entry.path("active").asBoolean()).isTrue();
        assertThat(production.get("/api/connections").json().path("environment").asText()).isEqualTo("production");

        JsonNode all = http.get("/api/connections/" + name).json();
        assertThat(all.path("active").asBoolean()).isTrue();
        assertThat(all.path("variants").path("production").path("baseUrl").asText()).isEqualTo(productionErp.url("/api"));
        assertThat(all.path("variants").path("sandbox").path("baseUrl").asText()).isEqualTo(sandboxErp.url("/api"));
        assertThat(http.get("/api/connections/" + name + "/production").json().path("auth").path("token").asText())
                .isEqualTo("${secrets.PRODUCTION_TOKEN}");

        assertThat(http.delete("/api/connections/" + name + "/sandbox").status()).isEqualTo(204);
        assertThat(find(http.get("/api/connections").json().path("connections"), name).path("active").asBoolean()).isFalse();
        Answer missing = http.get("/api/connections/" + name + "/sandbox");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith(PROBLEM);

        assertThat(http.delete("/api/connections/" + name).status()).isEqualTo(204);
        assertThat(http.get("/api/connections/" + name).status()).isEqualTo(404);
        assertThat(http.delete("/api/connections/" + name).status()).isEqualTo(404);
        assertThat(http.delete("/api/connections/" + name + "/production").status()).isEqualTo(404);
    }

    @Test
    void aPlaintextCredentialIsRefusedWithItsPathAndTheReason() {
        String name = name("plain");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"bearer\",\"token\":\"abc123secret\"}}",
                "auth.token", "PLAINTEXT_SECRET");
        Answer a = http.put("/api/connections/" + name + "/sandbox", "application/json",
                "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"bearer\",\"token\":\"abc123secret\"}}");
        assertThat(a.json().path("detail").asText()).contains("secret reference").contains("${secrets.");
        assertThat(a.body()).doesNotContain("abc123secret");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"basic\",\"username\":\"u\",\"password\":\"hunter22\"}}",
                "auth.password", "PLAINTEXT_SECRET");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"api-key\",\"header\":\"X-API-Key\",\"value\":\"k-123456\"}}",
                "auth.value", "PLAINTEXT_SECRET");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"oauth2-client-credentials\","
                + "\"tokenUrl\":\"https://login.example.com/token\",\"clientId\":\"flows\",\"clientSecret\":\"plain-secret\"}}",
                "auth.clientSecret", "PLAINTEXT_SECRET");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"headers\":{\"Authorization\":\"Token abc123secret\"}}",
                "headers.Authorization", "PLAINTEXT_SECRET");
        Answer header = http.put("/api/connections/" + name + "/sandbox", "application/json",
                "{\"baseUrl\":\"https://erp.example.com\",\"headers\":{\"Authorization\":\"Token abc123secret\"}}");
        assertThat(header.json().path("errors").get(0).path("message").asText())
                .startsWith("must be a secret reference such as \"Token ${secrets.ERP_TOKEN}\", not the credential itself");
        assertThat(http.get("/api/connections/" + name).status()).as("nothing was stored").isEqualTo(404);
    }

    @Test
    void badUrlsUnknownAuthTypesAndOtherMistakesAreRefusedWithTheirPaths() {
        String name = name("bad");
        assertRefused(name, "{\"baseUrl\":\"ftp://erp.example.com\"}", "baseUrl", "INVALID_URL");
        assertRefused(name, "{\"baseUrl\":\"/relative/path\"}", "baseUrl", "INVALID_URL");
        assertRefused(name, "{\"baseUrl\":\"https://user:pw@erp.example.com\"}", "baseUrl", "INVALID_URL");
        assertRefused(name, "{\"baseUrl\":\"http://169.254.169.254/latest\"}", "baseUrl", "INVALID_URL");
        assertRefused(name, "{\"baseUrl\":\"http://[fd00:ec2::254]/\"}", "baseUrl", "INVALID_URL");
        assertRefused(name, "{}", "baseUrl", "REQUIRED");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"kerberos\"}}", "auth.type", "UNKNOWN_AUTH_TYPE");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"bearer\"}}", "auth.token", "REQUIRED");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"auth\":{\"type\":\"oauth2-client-credentials\","
                + "\"tokenUrl\":\"not a url\",\"clientId\":\"flows\",\"clientSecret\":\"${secrets.X}\"}}", "auth.tokenUrl", "INVALID_URL");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"timeout\":\"soon\"}", "timeout", "INVALID_DURATION");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"timeout\":\"0s\"}", "timeout", "OUT_OF_RANGE");
        Answer tooLong = http.put("/api/connections/" + name + "/sandbox", "application/json",
                "{\"baseUrl\":\"https://erp.example.com\",\"timeout\":\"25h\"}");
        assertThat(tooLong.status()).as("a step's timeout may be 24 h at most, and so may a profile's").isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("code").asText()).isEqualTo("OUT_OF_RANGE");
        assertThat(tooLong.json().path("errors").get(0).path("message").asText()).isEqualTo("must be between 1ms and 24h, not 25h");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"allowedHosts\":[\"https://files.example.com/x\"]}",
                "allowedHosts[0]", "INVALID_HOST");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"headers\":{\"CamelHttpUri\":\"x\"}}",
                "headers.CamelHttpUri", "INVALID_HEADER");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"headers\":{\"X-Site\":\"Zoë\"}}",
                "headers.X-Site", "INVALID_HEADER");
        assertRefused(name, "{\"baseUrl\":\"https://erp.example.com\",\"retries\":3}", "retries", "UNKNOWN_FIELD");

        Answer notJson = http.put("/api/connections/" + name + "/sandbox", "application/json", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith(PROBLEM);
        Answer badName = http.put("/api/connections/bad%20name/sandbox", "application/json", "{\"baseUrl\":\"https://erp.example.com\"}");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(http.get("/api/connections/" + name).status()).isEqualTo(404);
    }

    @Test
    void aTimeoutOfTwentyFourHoursIsTheLongestAccepted() {
        Answer a = http.put("/api/connections/" + name("day") + "/sandbox", "application/json",
                "{\"baseUrl\":\"https://erp.example.com\",\"timeout\":\"24h\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }

    @Test
    void theSameFlowCallsTheSystemOfEachNodesEnvironment() {
        String name = name("erp");
        assertThat(http.put("/api/connections/" + name + "/sandbox", "application/json", bearer(sandboxErp, "SANDBOX_TOKEN")).status()).isEqualTo(201);
        assertThat(http.put("/api/connections/" + name + "/production", "application/json", bearer(productionErp, "PRODUCTION_TOKEN")).status()).isEqualTo(201);
        String flow = flow(name);

        JsonNode inSandbox = run(http, flow);
        assertThat(inSandbox.path("status").asText()).as(inSandbox.toString()).isEqualTo("SUCCEEDED");
        assertThat(inSandbox.path("output").path("body").path("erpId").asText()).isEqualTo("E-" + sandboxErp.port());
        assertThat(sandboxErp.last("/api/orders").header("Authorization")).isEqualTo("Bearer " + SANDBOX_TOKEN);

        JsonNode inProduction = run(production, flow);
        assertThat(inProduction.path("status").asText()).as(inProduction.toString()).isEqualTo("SUCCEEDED");
        assertThat(inProduction.path("output").path("body").path("erpId").asText()).isEqualTo("E-" + productionErp.port());
        assertThat(productionErp.last("/api/orders").header("Authorization")).isEqualTo("Bearer " + PRODUCTION_TOKEN);

        for (JsonNode e : List.of(inSandbox, inProduction)) {
            JsonNode request = e.path("steps").get(0).path("request");
            assertThat(request.path("headers").path("Authorization").asText()).isEqualTo("***");
            assertThat(e.toString()).doesNotContain(SANDBOX_TOKEN).doesNotContain(PRODUCTION_TOKEN);
        }
        assertThat(request(inSandbox).path("environment").asText()).isEqualTo("sandbox");
        assertThat(request(inProduction).path("environment").asText()).isEqualTo("production");
    }

    @Test
    void anOAuthAccessTokenThatAPartnerEchoesIsMaskedInTheStoredExecution() throws Exception {
        TestSecrets.VALUES.put("OAUTH_CLIENT_SECRET", "cl1ent-secret-of-flows");
        try (Partner erp = new Partner()) {
            erp.on("/oauth/token", r -> new Partner.Answer(200,
                    "{\"access_token\": \"acc3ss-t0ken-echoed\", \"token_type\": \"Bearer\", \"expires_in\": 3600}"));
            // a partner that answers with what it was sent, the access token included
            erp.on("/api/orders", r -> new Partner.Answer(200, "{\"youSent\": \"" + r.header("Authorization") + "\"}"));
            String name = name("oauth-echo");
            String profile = "{\"baseUrl\":\"" + erp.url("/api") + "\",\"auth\":{\"type\":\"oauth2-client-credentials\","
                    + "\"tokenUrl\":\"" + erp.url("/oauth/token") + "\",\"clientId\":\"flows\","
                    + "\"clientSecret\":\"${secrets.OAUTH_CLIENT_SECRET}\"}}";
            Answer saved = http.put("/api/connections/" + name + "/sandbox", "application/json", profile);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);

            JsonNode answered = run(http, flow(name));
            assertThat(answered.path("status").asText()).as(answered.toString()).isEqualTo("SUCCEEDED");
            assertThat(erp.last("/api/orders").header("Authorization")).isEqualTo("Bearer acc3ss-t0ken-echoed");
            JsonNode stored = http.get("/api/executions/" + answered.path("id").asText()).json();
            for (JsonNode e : List.of(answered, stored)) {
                assertThat(e.toString()).doesNotContain("acc3ss-t0ken-echoed").contains("Bearer ***");
            }
        }
    }

    @Test
    void aProfileChangedOnOneNodeReachesTheOther() {
        String name = name("moving");
        http.put("/api/connections/" + name + "/production", "application/json", bearer(productionErp, "PRODUCTION_TOKEN"));
        String flow = flow(name);
        assertThat(eventually(production, flow, "E-")).isEqualTo("E-" + productionErp.port());

        String moved = "{\"baseUrl\":\"" + productionErp.url("/v2") + "\",\"auth\":{\"type\":\"bearer\",\"token\":\"${secrets.PRODUCTION_TOKEN}\"}}";
        assertThat(http.put("/api/connections/" + name + "/production", "application/json", moved).status()).isEqualTo(200);
        assertThat(eventually(production, flow, "V2-")).as("the production node reads the changed profile within its refresh time").isEqualTo("V2-" + productionErp.port());
    }

    @Test
    void aFlowWithoutAProfileForTheNodesEnvironmentFailsNamingIt() {
        String name = name("prodonly");
        http.put("/api/connections/" + name + "/production", "application/json", bearer(productionErp, "PRODUCTION_TOKEN"));
        JsonNode e = run(http, flow(name));
        assertThat(e.path("status").asText()).isEqualTo("FAILED");
        assertThat(e.path("error").path("code").asText()).isEqualTo("CONNECTION_NOT_FOUND");
        assertThat(e.path("error").path("message").asText()).contains("'" + name + "'").contains("'sandbox'");
    }

    @Test
    void aHostOutsideTheProfileIsDenied() {
        String name = name("hosts");
        http.put("/api/connections/" + name + "/sandbox", "application/json", bearer(sandboxErp, "SANDBOX_TOKEN"));
        String id = name("flow");
        String yaml = "id: " + id + "\ntrigger: {type: manual}\nsteps:\n  - id: push\n    type: connector-call\n"
                + "    connection: " + name + "\n    with: {url: \"http://localhost:" + sandboxErp.port() + "/api/orders\"}\n";
        assertThat(http.post("/api/flows", "application/yaml", yaml).status()).isEqualTo(201);
        JsonNode e = run(http, id);
        assertThat(e.path("error").path("code").asText()).isEqualTo("HOST_DENIED");
    }

    private void assertRefused(String name, String body, String path, String code) {
        Answer a = http.put("/api/connections/" + name + "/sandbox", "application/json", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(a.json().path("errors").toString()).as(a.toString()).contains("\"path\":\"" + path + "\"")
                .contains("\"code\":\"" + code + "\"");
    }

    private String bearer(Partner partner, String secret) {
        return "{\"baseUrl\":\"" + partner.url("/api") + "\",\"auth\":{\"type\":\"bearer\",\"token\":\"${secrets." + secret
                + "}\"},\"headers\":{\"Accept\":\"application/json\"},\"timeout\":\"5s\"}";
    }

    /** A flow that posts an order through the connection; answers its id. */
    private String flow(String connection) {
        String id = name("flow");
        String yaml = "id: " + id + "\ntrigger: {type: manual}\nsteps:\n  - id: push\n    type: connector-call\n"
                + "    connection: " + connection + "\n    with: {method: POST, url: /orders, body: \"${input}\"}\n";
        Answer a = http.post("/api/flows", "application/yaml", yaml);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return id;
    }

    private static JsonNode run(Http node, String flowId) {
        Answer a = node.postJson("/api/flows/" + flowId + "/executions?wait=true", "{\"orderId\":1}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    /** Runs the flow until its ERP id starts with {@code prefix} (or 10 s pass); answers the last id. */
    private static String eventually(Http node, String flowId, String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String erpId;
        do {
            erpId = run(node, flowId).path("output").path("body").path("erpId").asText();
        } while (!erpId.startsWith(prefix) && System.nanoTime() < deadline);
        return erpId;
    }

    private static JsonNode request(JsonNode execution) {
        return execution.path("steps").get(0).path("request");
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode c : list) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private String name(String prefix) {
        return prefix + "-" + seq.incrementAndGet();
    }
}
