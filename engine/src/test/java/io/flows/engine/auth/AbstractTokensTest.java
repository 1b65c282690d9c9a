package io.flows.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * API tokens over real HTTP, written once and run on each database (subclasses). One service per
 * class: it starts open, and the first token (made in {@link #startService()}) closes it. Each
 * test speaks from its own client address ({@code X-Forwarded-For}, trusted in this service), so
 * the rejected tokens of one test never slow another down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class AbstractTokensTest {

    static final String PROBLEM = "application/problem+json";
    static final int MAX_FAILURES = 3;

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private TestDatabase database;
    private EmbeddedServer server;
    private Http http;
    private Answer openBeforeTokens;
    private String admin;
    private String address;
    private final AtomicInteger seq = new AtomicInteger();

    protected abstract TestDatabase newDatabase();

    @BeforeAll
    void startService() {
        database = newDatabase();
        Map<String, Object> props = TestService.properties(database);
        props.put("micronaut.server.client-address-header", "X-Forwarded-For");
        props.put("flows.auth.max-failures", MAX_FAILURES);
        props.put("flows.auth.failure-window", "3s");
        server = TestService.start(props);
        http = new Http(TestService.baseUrl(server));
        openBeforeTokens = http.get("/api/flows");
        Answer created = http.postJson("/api/tokens", "{\"name\": \"admin\", \"scopes\": [\"admin\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        admin = created.json().get("token").asText();
    }

    @AfterAll
    void stopService() throws Exception {
        TestService.closeAll(TestService.stopping(server), database);
    }

    @BeforeEach
    void newClientAddress() {
        int n = ADDRESSES.incrementAndGet();
        address = "198.51.100." + n;
    }

    private Answer call(String method, String path, String token, String body) {
        List<String> headers = new ArrayList<>(List.of("X-Forwarded-For", address));
        if (token != null) {
            headers.add("Authorization");
            headers.add("Bearer " + token);
        }
        return http.send(method, path, body == null ? null : "application/json", body, headers.toArray(String[]::new));
    }

    private String token(String scopes, String extra) {
        String body = "{\"name\": \"t" + seq.incrementAndGet() + "\", \"scopes\": [" + scopes + "]" + extra + "}";
        Answer a = call("POST", "/api/tokens", admin, body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("token").asText();
    }

    private String flow() {
        String id = "tok-" + seq.incrementAndGet();
        Answer a = call("POST", "/api/flows", admin,
                "{\"id\": \"" + id + "\", \"trigger\": {\"type\": \"manual\"}, \"steps\": [{\"id\": \"a\", \"type\": \"transform\", \"script\": \"return {ok: true}\"}]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return id;
    }

    private static void eventually(Supplier<Boolean> condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        while (!condition.get()) {
            assertThat(Instant.now()).as("waited for: " + what).isBefore(deadline);
            Thread.sleep(100);
        }
    }

    private static void assertUnauthorized(Answer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(401);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(a.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void isOpenUntilTheFirstTokenExistsThenNeedsABearerToken() {
        assertThat(openBeforeTokens.status()).as(openBeforeTokens.toString()).isEqualTo(200);
        Answer without = call("GET", "/api/flows", null, null);
        assertUnauthorized(without);
        assertThat(without.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"flows\"");
        assertThat(without.json().get("status").asInt()).isEqualTo(401);
        assertThat(without.json().get("detail").asText()).contains("Authorization: Bearer");
        assertThat(call("GET", "/api/flows", admin, null).status()).isEqualTo(200);
    }

    @Test
    void eachScopeOpensItsRoutesAndNoOthers() {
        String id = flow();
        String read = token("\"flows:read\"", "");
        String write = token("\"flows:write\"", "");
        String run = token("\"executions:run\"", "");
        String metrics = token("\"metrics:read\"", "");
        String newFlow = "{\"id\": \"" + id + "-w\", \"steps\": [{\"id\": \"a\", \"type\": \"transform\", \"script\": \"return 1\"}]}";

        assertThat(call("GET", "/api/flows/" + id, read, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/steps", read, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/hooks/deliveries", read, null).status()).isEqualTo(200);
        Answer denied = call("POST", "/api/flows", read, newFlow);
        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.contentType()).startsWith(PROBLEM);
        assertThat(denied.json().get("detail").asText()).contains("flows:write");
        assertThat(call("POST", "/api/flows/" + id + "/executions", read, "{}").status()).isEqualTo(403);
        assertThat(call("GET", "/api/tokens", read, null).status()).isEqualTo(403);
        assertThat(call("GET", "/prometheus", read, null).status()).isEqualTo(403);

        assertThat(call("POST", "/api/flows", write, newFlow).status()).isEqualTo(201);
        assertThat(call("POST", "/api/flows/" + id + "-w/disable", write, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/flows", write, null).status()).as("write does not include read").isEqualTo(403);
        assertThat(call("POST", "/api/flows/" + id + "/executions", write, "{}").status()).isEqualTo(403);
        assertThat(call("DELETE", "/api/flows/" + id + "-w", write, null).status()).isEqualTo(204);

        Answer started = call("POST", "/api/flows/" + id + "/executions", run, "{}");
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String execution = started.json().get("id").asText();
        assertThat(call("POST", "/api/executions/" + execution + "/replay", run, null).status()).isEqualTo(202);
        assertThat(call("GET", "/api/executions/" + execution, run, null).status()).isEqualTo(403);
        assertThat(call("GET", "/api/executions/" + execution, read, null).status()).isEqualTo(200);
        assertThat(call("PUT", "/api/flows/" + id, run, newFlow.replace("-w\"", "\"")).status()).isEqualTo(403);

        assertThat(call("GET", "/prometheus", metrics, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/flows", metrics, null).status()).isEqualTo(403);
        assertThat(call("GET", "/prometheus", admin, null).status()).isEqualTo(200);
        assertThat(call("GET", "/prometheus", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/prometheus/", null, null).status()).as("no way around with a trailing slash").isEqualTo(401);
        assertThat(call("GET", "/metrics", null, null).status()).as("Micronaut's metrics endpoint says the same").isEqualTo(401);
        assertThat(call("GET", "/metrics", metrics, null).status()).isEqualTo(200);
    }

    @Test
    void aRouteNobodyMappedNeedsAdmin() {
        String read = token("\"flows:read\"", "");
        assertThat(call("GET", "/api/not-yet-written", read, null).status()).isEqualTo(403);
        assertThat(call("GET", "/api/not-yet-written", admin, null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/not-yet-written", null, null).status()).isEqualTo(401);
    }

    @Test
    void healthTheEditorAndWebhooksNeedNoToken() {
        assertThat(call("GET", "/health", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/", null, null).status()).isEqualTo(200);
        String id = "hook-" + seq.incrementAndGet();
        Answer saved = call("POST", "/api/flows", admin, "{\"id\": \"" + id + "\", \"trigger\": {\"type\": \"webhook\", \"path\": \"" + id
                + "\"}, \"steps\": [{\"id\": \"a\", \"type\": \"transform\", \"script\": \"return input\"}]}");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        Answer hook = call("POST", "/hooks/" + id, null, "{\"orderId\": 1}");
        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        assertThat(hook.json().get("received").asBoolean()).isTrue();
    }

    @Test
    void aRevokedTokenStopsWorkingAtOnce() {
        String t = token("\"flows:read\"", "");
        String id = idOf(t);
        assertThat(call("GET", "/api/flows", t, null).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/tokens/" + id, admin, null).status()).isEqualTo(204);
        Answer after = call("GET", "/api/flows", t, null);
        assertUnauthorized(after);
        assertThat(after.header("WWW-Authenticate")).contains("invalid_token");
        assertThat(after.json().get("detail").asText()).contains("revoked");
        assertThat(call("DELETE", "/api/tokens/" + id, admin, null).status()).as("revoking twice is fine").isEqualTo(204);
        assertThat(call("DELETE", "/api/tokens/no-such-token", admin, null).status()).isEqualTo(404);
        JsonNode listed = listed(id);
        assertThat(listed.get("revokedAt").isNull()).isFalse();
    }

    @Test
    void rotationGivesANewTokenAndKeepsTheOldOneForTheGracePeriod() throws Exception {
        String old = token("\"flows:read\"", "");
        String oldId = idOf(old);
        Answer rotated = call("POST", "/api/tokens/" + oldId + "/rotate", admin, "{\"gracePeriod\": \"2s\"}");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(201);
        String fresh = rotated.json().get("token").asText();
        assertThat(fresh).isNotEqualTo(old).startsWith("flw_");
        assertThat(rotated.json().get("rotatedFrom").asText()).isEqualTo(oldId);
        assertThat(rotated.json().get("scopes").toString()).isEqualTo("[\"flows:read\"]");

        assertThat(call("GET", "/api/flows", fresh, null).status()).isEqualTo(200);
        assertThat(call("GET", "/api/flows", old, null).status()).as("old token within the grace period").isEqualTo(200);
        assertThat(listed(oldId).get("replacedBy").asText()).isEqualTo(rotated.json().get("id").asText());
        assertThat(call("POST", "/api/tokens/" + oldId + "/rotate", admin, null).status()).as("rotate the successor instead").isEqualTo(409);

        eventually(() -> call("GET", "/api/flows", old, null).status() == 401, "the old token to stop after its grace period");
        assertThat(call("GET", "/api/flows", fresh, null).status()).isEqualTo(200);
    }

    @Test
    void rotationWithoutAGracePeriodKeepsTheOldTokenForTheDefaultDay() {
        String old = token("\"flows:read\"", "");
        Answer rotated = call("POST", "/api/tokens/" + idOf(old) + "/rotate", admin, null);
        assertThat(rotated.status()).isEqualTo(201);
        Instant end = Instant.parse(listed(idOf(old)).get("expiresAt").asText());
        assertThat(end).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));
        assertThat(call("GET", "/api/flows", old, null).status()).isEqualTo(200);

        // what curl -d '' sends: the form Content-Type with no body
        String other = token("\"flows:read\"", "");
        Answer form = http.send("POST", "/api/tokens/" + idOf(other) + "/rotate", "application/x-www-form-urlencoded", "",
                "X-Forwarded-For", address, "Authorization", "Bearer " + admin);
        assertThat(form.status()).as(form.toString()).isEqualTo(201);
    }

    @Test
    void aTokenStopsAtItsExpiryTime() throws Exception {
        Instant expiry = Instant.now().plusSeconds(2);
        String t = token("\"flows:read\"", ", \"expiresAt\": \"" + expiry + "\"");
        assertThat(call("GET", "/api/flows", t, null).status()).isEqualTo(200);
        eventually(() -> !Instant.now().isBefore(expiry), "the expiry time");
        Answer after = call("GET", "/api/flows", t, null);
        assertUnauthorized(after);
        assertThat(after.json().get("detail").asText()).contains("expired");

        Answer past = call("POST", "/api/tokens", admin, "{\"name\": \"p\", \"scopes\": [\"admin\"], \"expiresAt\": \"2020-01-01T00:00:00Z\"}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.json().get("detail").asText()).contains("future");
    }

    @Test
    void aTokenWorksOnlyInItsEnvironment() {
        String other = token("\"admin\"", ", \"environment\": \"production\"");
        Answer a = call("GET", "/api/flows", other, null);
        assertUnauthorized(a);
        assertThat(a.json().get("detail").asText()).contains("production").contains("sandbox");
        String here = token("\"flows:read\"", "");
        assertThat(listed(idOf(here)).get("environment").asText()).as("omitted: the node's environment").isEqualTo("sandbox");
    }

    @Test
    void theListNeverShowsATokenAndTellsWhenEachWasLastUsed() {
        String t = token("\"flows:read\"", "");
        assertThat(listed(idOf(t)).get("lastUsedAt").isNull()).isTrue();
        assertThat(call("GET", "/api/flows", t, null).status()).isEqualTo(200);
        Answer list = call("GET", "/api/tokens", admin, null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(t).doesNotContain(admin).doesNotContain("\"token\"").doesNotContain("tokenHash");
        JsonNode entry = listed(idOf(t));
        assertThat(entry.get("lastUsedAt").isNull()).as(entry.toString()).isFalse();
        assertThat(entry.fieldNames()).toIterable().contains("id", "name", "scopes", "environment", "createdAt", "expiresAt",
                "lastUsedAt", "revokedAt");
    }

    @Test
    void theDatabaseHoldsOnlyTheHashOfEachToken() throws Exception {
        String t = token("\"flows:read\"", "");
        // the bean joins Micronaut's transactions; the pool underneath gives a plain connection
        DataSource ds = DelegatingDataSource.unwrapDataSource(server.getApplicationContext().getBean(DataSource.class));
        List<String> values = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM api_tokens")) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(String.valueOf(r.getObject(i)));
                }
            }
        }
        String body = t.substring(4, 47);
        assertThat(values).isNotEmpty().noneMatch(v -> v.contains(body) || v.contains(admin.substring(4, 47)));
        assertThat(values).contains(TokenFormat.hash(t));
    }

    @Test
    void aMistypedTokenIsRejectedByItsChecksum() {
        String t = token("\"flows:read\"", "");
        String typo = t.substring(0, 10) + (t.charAt(10) == 'a' ? 'b' : 'a') + t.substring(11);
        assertThat(TokenFormat.isWellFormed(typo)).isFalse();
        Answer a = call("GET", "/api/flows", typo, null);
        assertUnauthorized(a);
        assertThat(a.json().get("detail").asText()).contains("checksum");
        assertThat(call("GET", "/api/flows", "ghp_" + t.substring(4), null).status()).isEqualTo(401);
    }

    @Test
    void repeatedFailuresFromOneAddressAreAnsweredWith429UntilTheWindowPasses() throws Exception {
        String bad = TokenFormat.generate();
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(call("GET", "/api/flows", bad, null).status()).isEqualTo(401);
        }
        Answer slowed = call("GET", "/api/flows", admin, null);
        assertThat(slowed.status()).as("even a good token waits: a guess must not be confirmed").isEqualTo(429);
        assertThat(slowed.contentType()).startsWith(PROBLEM);
        assertThat(Integer.parseInt(slowed.header("Retry-After"))).isBetween(1, 3);

        String before = address;
        newClientAddress();
        assertThat(call("GET", "/api/flows", admin, null).status()).as("another address is not slowed").isEqualTo(200);
        address = before;
        eventually(() -> call("GET", "/api/flows", admin, null).status() == 200, "the failure window to pass");
    }

    @Test
    void missingTokensDoNotCountAsFailures() {
        for (int i = 0; i < MAX_FAILURES + 2; i++) {
            assertThat(call("GET", "/api/flows", null, null).status()).isEqualTo(401);
        }
        assertThat(call("GET", "/api/flows", admin, null).status()).isEqualTo(200);
    }

    @Test
    void badTokenRequestsAreRefusedWithClearMessages() {
        Answer noScopes = call("POST", "/api/tokens", admin, "{\"name\": \"x\"}");
        assertThat(noScopes.status()).isEqualTo(400);
        assertThat(noScopes.json().get("detail").asText()).contains("flows:read");
        Answer unknown = call("POST", "/api/tokens", admin, "{\"name\": \"x\", \"scopes\": [\"flows:delete\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("detail").asText()).contains("flows:delete");
        assertThat(call("POST", "/api/tokens", admin, "{\"scopes\": [\"admin\"]}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/tokens", admin, "{\"name\": \"x\", \"scopes\": [\"admin\"], \"environment\": \"Prod!\"}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/tokens/" + idOf(admin) + "/rotate", admin, "{\"gracePeriod\": \"soon\"}").status()).isEqualTo(400);
        // PostgreSQL cannot store a NUL, H2 can: refused on both
        Answer nul = call("POST", "/api/tokens", admin, "{\"name\": \"a\\u0000b\", \"scopes\": [\"admin\"]}");
        assertThat(nul.status()).as(nul.toString()).isEqualTo(400);
        assertThat(nul.json().get("detail").asText()).contains("NUL");
    }

    private String idOf(String token) {
        String hash = TokenFormat.hash(token);
        return server.getApplicationContext().getBean(ApiTokenRepository.class).findByTokenHash(hash).orElseThrow().id();
    }

    private JsonNode listed(String id) {
        Answer list = call("GET", "/api/tokens", admin, null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        for (JsonNode n : list.json()) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("token " + id + " not listed: " + list.body());
    }
}
