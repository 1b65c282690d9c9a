package io.flows.engine.connections;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.EngineSettings;
import io.flows.engine.runtime.ExecutionJson;
import io.flows.engine.runtime.ExecutionRecord;
import io.flows.engine.runtime.ExecutionStatus;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowLoader;
import io.flows.engine.runtime.FlowVersion;
import io.flows.steps.runtime.ConnectionProfile;
import io.flows.steps.runtime.ConnectionProfile.ApiKey;
import io.flows.steps.runtime.ConnectionProfile.Basic;
import io.flows.steps.runtime.ConnectionProfile.Bearer;
import io.flows.steps.runtime.ConnectionProfile.OAuth2ClientCredentials;
import io.flows.steps.runtime.ConnectionSource;
import io.flows.steps.runtime.RuntimeSettings;
import io.flows.steps.runtime.TraceEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code connection: erp} steps on a real engine against a real partner: each kind of authentication,
 * the OAuth token cache (with a clock the test moves), hosts, timeouts, and what the trace shows.
 */
class ConnectionCallTest {

    private static final String TOKEN = "s3cr3t-bearer-token";
    private static final String PASSWORD = "pa55-w0rd-value";
    private static final String API_KEY = "k3y-of-the-erp";
    private static final String CLIENT_SECRET = "cl1ent-s3cret-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final class MovableClock extends Clock {
        final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration d) {
            offset.updateAndGet(o -> o.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }

    private static final Map<String, String> secrets = new ConcurrentHashMap<>();
    private static final Map<String, ConnectionProfile> profiles = new ConcurrentHashMap<>();
    private static final Map<String, FlowVersion> flows = new ConcurrentHashMap<>();
    private static final MovableClock clock = new MovableClock();
    private static final AtomicInteger flowIds = new AtomicInteger();
    private static Partner partner;
    private static FlowEngine engine;
    private static FlowLoader loader;

    @BeforeAll
    static void start() throws Exception {
        partner = new Partner();
        EngineSettings settings = EngineSettings.defaults()
                .withRuntime(new RuntimeSettings(Duration.ofSeconds(1), List.of(), 20, 4, 10_000));
        ConnectionSource connections = new ConnectionSource() {
            @Override
            public String environment() {
                return "sandbox";
            }

            @Override
            public Optional<ConnectionProfile> find(String name) {
                return Optional.ofNullable(profiles.get(name));
            }
        };
        engine = new FlowEngine(settings, id -> Optional.ofNullable(flows.get(id)), clock, null,
                name -> Optional.ofNullable(secrets.get(name)), connections);
        loader = new FlowLoader(new FlowDsl(), engine.scripts());
        // warm up (first route, HTTP client): the tests below hold the node default of 1 s
        profiles.put("erp", new ConnectionProfile("erp", "sandbox", partner.url("/api"), null, Map.of(), null, List.of()));
        partner.on("/api/orders", r -> new Partner.Answer(200, "{}"));
        run(callFlow("url: /orders", "    timeout: 20s\n"));
    }

    @AfterAll
    static void stop() {
        engine.close();
        partner.close();
    }

    @BeforeEach
    void reset() {
        partner.reset();
        profiles.clear();
        secrets.clear();
        secrets.putAll(Map.of("ERP_TOKEN", TOKEN, "ERP_PASSWORD", PASSWORD, "ERP_KEY", API_KEY,
                "ERP_CLIENT_SECRET", CLIENT_SECRET));
        partner.on("/api/orders", r -> new Partner.Answer(200, "{\"erpId\":\"E-1\"}"));
    }

    @Test
    void bearerSendsTheSecretTokenAndTheTraceShowsStars() {
        erp(new Bearer("${secrets.ERP_TOKEN}"), Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(partner.last("/api/orders").header("Authorization")).isEqualTo("Bearer " + TOKEN);
        JsonNode request = step(e).request();
        assertThat(request.path("url").asText()).isEqualTo(partner.url("/api/orders"));
        assertThat(request.path("connection").asText()).isEqualTo("erp");
        assertThat(request.path("environment").asText()).isEqualTo("sandbox");
        assertThat(request.path("headers").path("Authorization").asText()).isEqualTo("***");
        assertThat(step(e).output().path("body").path("erpId").asText()).isEqualTo("E-1");
        assertNoSecretIn(e);
    }

    @Test
    void basicSendsUserAndPasswordInBase64() {
        erp(new Basic("erp-user", "${secrets.ERP_PASSWORD}"), Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        String expected = Base64.getEncoder().encodeToString(("erp-user:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(partner.last("/api/orders").header("Authorization")).isEqualTo("Basic " + expected);
        assertThat(step(e).request().path("headers").path("Authorization").asText()).isEqualTo("***");
        assertNoSecretIn(e);
        assertThat(describe(e)).doesNotContain(expected);
    }

    @Test
    void apiKeyGoesInItsOwnHeader() {
        erp(new ApiKey("X-API-Key", "${secrets.ERP_KEY}"), Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(partner.last("/api/orders").header("X-API-Key")).isEqualTo(API_KEY);
        assertThat(partner.last("/api/orders").header("Authorization")).isNull();
        assertThat(step(e).request().path("headers").path("X-API-Key").asText()).isEqualTo("***");
        assertNoSecretIn(e);
    }

    @Test
    void defaultHeadersSitUnderTheStepsOwnAndSecretHeadersAreMasked() {
        erp(null, Map.of("X-Tenant", "acme", "X-Source", "profile", "X-Signature", "sig ${secrets.ERP_TOKEN}"),
                null, List.of());
        ExecutionRecord e = run(callFlow("url: orders\n      headers: {x-source: step}", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        Partner.Request r = partner.last("/api/orders");
        assertThat(r.header("X-Tenant")).isEqualTo("acme");
        assertThat(r.header("X-Source")).isEqualTo("step");
        assertThat(r.header("X-Signature")).isEqualTo("sig " + TOKEN);
        JsonNode headers = step(e).request().path("headers");
        assertThat(headers.path("X-Signature").asText()).isEqualTo("***");
        assertThat(headers.path("x-source").asText()).isEqualTo("step");
        assertThat(headers.has("X-Source")).isFalse();
        assertNoSecretIn(e);
    }

    @Test
    void theStepsOwnHeadersQueryAndBodyMayReadSecretsToo() {
        erp(null, Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("""
                method: POST
                      url: "/orders?k=${secrets.ERP_KEY}"
                      headers: {X-Extra: "pre-${secrets.ERP_TOKEN}"}
                      query: {p: "${secrets.ERP_PASSWORD}"}
                      body: {secret: "${secrets.ERP_CLIENT_SECRET}"}""", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        Partner.Request r = partner.last("/api/orders");
        assertThat(r.header("X-Extra")).isEqualTo("pre-" + TOKEN);
        assertThat(r.query()).contains("k=" + API_KEY).contains("p=" + PASSWORD);
        assertThat(r.body()).contains(CLIENT_SECRET);
        // (the service's redactor masks them in what it stores and answers: it knows every secret's value)
    }

    @Test
    void oauthTokenIsFetchedOnceForManyConcurrentCalls() throws Exception {
        AtomicInteger issued = tokenEndpoint(3600);
        erp(oauth(), Map.of(), Duration.ofSeconds(20), List.of());
        FlowVersion v = callFlow("url: /orders", "");
        List<CompletableFuture<ExecutionRecord>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            runs.add(engine.start(v, FlowEngine.manualTrigger(JSON.createObjectNode()), Map.of()).done());
        }
        for (CompletableFuture<ExecutionRecord> r : runs) {
            ExecutionRecord e = r.get(30, TimeUnit.SECONDS);
            assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertNoSecretIn(e);
            assertThat(describe(e)).doesNotContain("tok-1");
        }
        assertThat(issued.get()).isEqualTo(1);
        assertThat(partner.requests("/api/orders")).hasSize(20)
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1"));
        Partner.Request tokenRequest = partner.last("/oauth/token");
        assertThat(tokenRequest.method()).isEqualTo("POST");
        assertThat(tokenRequest.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(tokenRequest.body()).startsWith("grant_type=client_credentials&scope=orders%3Aread+orders%3Awrite&audience=test-");
        assertThat(tokenRequest.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
                .encodeToString(("flows-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oauthClientCredentialsCanGoInTheForm() {
        tokenEndpoint(3600);
        OAuth2ClientCredentials basic = oauth();
        erp(new OAuth2ClientCredentials(basic.tokenUrl(), "flows client", basic.clientSecret(), null, null, "body"),
                Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        Partner.Request tokenRequest = partner.last("/oauth/token");
        assertThat(tokenRequest.header("Authorization")).isNull();
        assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials&client_id=flows+client&client_secret="
                + CLIENT_SECRET);
        assertNoSecretIn(e);
    }

    @Test
    void oauthTokenIsRenewedShortlyBeforeItExpires() {
        AtomicInteger issued = tokenEndpoint(60);
        erp(oauth(), Map.of(), null, List.of());
        FlowVersion v = callFlow("url: /orders", "");
        assertThat(run(v).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        clock.advance(Duration.ofSeconds(50));
        assertThat(run(v).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(issued.get()).as("still valid 50 s into a 60 s token").isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(run(v).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(issued.get()).as("renewed 55 s into a 60 s token (6 s margin)").isEqualTo(2);
        assertThat(partner.last("/api/orders").header("Authorization")).isEqualTo("Bearer tok-2");
    }

    @Test
    void aTokenThePartnerRefusesIsRenewedOnceAndTheCallRepeated() {
        AtomicInteger issued = tokenEndpoint(3600);
        AtomicReference<String> valid = new AtomicReference<>("Bearer tok-1");
        partner.on("/api/orders", r -> valid.get().equals(r.header("Authorization"))
                ? new Partner.Answer(200, "{\"ok\":true}") : new Partner.Answer(401, "{\"error\":\"invalid_token\"}"));
        erp(oauth(), Map.of(), null, List.of());
        FlowVersion v = callFlow("method: POST\n      url: /orders\n      body: {orderId: 7}", "");
        assertThat(run(v).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        valid.set("Bearer tok-2");
        ExecutionRecord e = run(v);
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(issued.get()).isEqualTo(2);
        List<Partner.Request> calls = partner.requests("/api/orders");
        assertThat(calls).hasSize(3);
        assertThat(calls.get(2).header("Authorization")).isEqualTo("Bearer tok-2");
        assertThat(calls.get(2).body()).isEqualTo("{\"orderId\":7}");

        valid.set("never");
        ExecutionRecord refused = run(v);
        assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error().code()).isEqualTo("HTTP_401");
        assertThat(issued.get()).as("renewed once, not in a loop").isEqualTo(3);
    }

    @Test
    void aCallWaitsForASharedTokenRequestNoLongerThanItsOwnDeadline() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        partner.on("/oauth/token", r -> {
            Thread.sleep(1000);
            return new Partner.Answer(200, "{\"access_token\":\"slow-" + issued.incrementAndGet() + "\",\"expires_in\":3600}");
        });
        erp(oauth(), Map.of(), null, List.of());
        CompletableFuture<ExecutionRecord> patient = engine.start(callFlow("url: /orders", "    timeout: 5s\n"),
                FlowEngine.manualTrigger(JSON.createObjectNode()), Map.of()).done();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (partner.requests("/oauth/token").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the patient call's token request reached the endpoint
        }
        ExecutionRecord hurried = run(callFlow("url: /orders", "    timeout: 300ms\n"));
        assertThat(hurried.error().code()).isEqualTo("STEP_TIMEOUT");
        assertThat(hurried.durationMs()).isLessThan(900);
        ExecutionRecord e = patient.get(10, TimeUnit.SECONDS);
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(issued.get()).isEqualTo(1);
    }

    @Test
    void aCallWaitingForATokenThatAnotherCallsDeadlineCutShortAsksAgainWithItsOwn() throws Exception {
        AtomicInteger issued = new AtomicInteger();
        partner.on("/oauth/token", r -> {
            Thread.sleep(700);
            return new Partner.Answer(200, "{\"access_token\":\"slow-" + issued.incrementAndGet() + "\",\"expires_in\":3600}");
        });
        erp(oauth(), Map.of(), null, List.of());
        // the hurried call starts the token request, with what is left of its 300 ms
        CompletableFuture<ExecutionRecord> hurried = engine.start(callFlow("url: /orders", "    timeout: 300ms\n"),
                FlowEngine.manualTrigger(JSON.createObjectNode()), Map.of()).done();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (partner.requests("/oauth/token").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5); // until the hurried call's token request reached the endpoint
        }
        ExecutionRecord patient = run(callFlow("url: /orders", "    timeout: 5s\n"));
        assertThat(patient.status()).as("waited for the shared request, which ran out of the other call's time, "
                + "then for one of its own: " + describe(patient)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(partner.last("/api/orders").header("Authorization")).startsWith("Bearer slow-");
        ExecutionRecord cut = hurried.get(10, TimeUnit.SECONDS);
        assertThat(cut.error().code()).isEqualTo("STEP_TIMEOUT");
        assertThat(cut.error().message()).isEqualTo("Call through connection 'erp' (sandbox) did not finish within 300ms");
        assertThat(partner.requests("/oauth/token")).as("the shared request, then the patient call's own").hasSize(2);
    }

    @Test
    void aCallCancelledWhileWaitingForItsTokenIsNotSentWhenTheTokenArrives() throws Exception {
        partner.on("/oauth/token", r -> {
            Thread.sleep(400);
            return new Partner.Answer(200, "{\"access_token\":\"late\",\"expires_in\":3600}");
        });
        erp(oauth(), Map.of(), null, List.of());
        var e = engine.start(callFlow("url: /orders", "    timeout: 5s\n"), FlowEngine.manualTrigger(JSON.createObjectNode()),
                Map.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (partner.requests("/oauth/token").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(engine.cancel(e.id())).isTrue();
        ExecutionRecord r = e.done().get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
        Thread.sleep(800); // the token has arrived meanwhile
        assertThat(partner.requests("/api/orders")).as("called after its execution had ended").isEmpty();
    }

    @Test
    void aFailingTokenEndpointFailsTheStepWithAuthFailed() {
        partner.on("/oauth/token", r -> new Partner.Answer(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}"));
        erp(oauth(), Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error().code()).isEqualTo("AUTH_FAILED");
        assertThat(e.error().message()).contains("erp").contains("sandbox").contains("invalid_client");
        assertThat(partner.requests("/api/orders")).isEmpty();
        assertNoSecretIn(e);

        partner.on("/oauth/token", r -> new Partner.Answer(200, "{\"oops\":true}"));
        ExecutionRecord noToken = run(callFlow("url: /orders", ""));
        assertThat(noToken.error().code()).isEqualTo("AUTH_FAILED");
        assertThat(noToken.error().message()).contains("access_token");
    }

    @Test
    void aHostOutsideTheConnectionIsDenied() {
        erp(new Bearer("${secrets.ERP_TOKEN}"), Map.of(), null, List.of());
        String elsewhere = "http://localhost:" + partner.port() + "/api/orders";
        ExecutionRecord e = run(callFlow("url: " + elsewhere, ""));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error().code()).isEqualTo("HOST_DENIED");
        assertThat(e.error().message()).contains("localhost").contains("erp");
        assertThat(partner.requests("/api/orders")).isEmpty();

        erp(new Bearer("${secrets.ERP_TOKEN}"), Map.of(), null, List.of("LocalHost"));
        ExecutionRecord allowed = run(callFlow("url: " + elsewhere, ""));
        assertThat(allowed.status()).as(describe(allowed)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(partner.last("/api/orders").header("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void aMissingProfileNamesTheConnectionAndTheEnvironment() {
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error().code()).isEqualTo("CONNECTION_NOT_FOUND");
        assertThat(e.error().message()).contains("'erp'").contains("'sandbox'");
    }

    @Test
    void aMissingSecretFailsWithoutCalling() {
        erp(new Bearer("${secrets.NOT_SET}"), Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /orders", ""));
        assertThat(e.error().code()).isEqualTo("SECRET_NOT_FOUND");
        assertThat(e.error().message()).contains("NOT_SET").contains("erp")
                .contains("set the environment variable FLOWS_SECRET_NOT_SET or store it with PUT /api/secrets/NOT_SET");
        assertThat(partner.requests("/api/orders")).isEmpty();
    }

    @Test
    void theProfilesTimeoutAppliesAndTheStepsOwnWins() {
        partner.on("/api/slow", r -> {
            Thread.sleep(1300);
            return new Partner.Answer(200, "{}");
        });
        erp(null, Map.of(), Duration.ofMillis(200), List.of());
        ExecutionRecord cut = run(callFlow("url: /slow", ""));
        assertThat(cut.error().code()).isEqualTo("STEP_TIMEOUT");
        assertThat(cut.durationMs()).isLessThan(1200);

        ExecutionRecord own = run(callFlow("url: /slow", "    timeout: 3s\n"));
        assertThat(own.status()).as(describe(own)).isEqualTo(ExecutionStatus.SUCCEEDED);

        erp(null, Map.of(), Duration.ofSeconds(3), List.of());
        ExecutionRecord longer = run(callFlow("url: /slow", ""));
        assertThat(longer.status()).as("a profile may allow more than the node's default of 1 s: " + describe(longer))
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aCallThroughAConnectionThatTimesOutSaysTheStepsTimeoutOnEveryAttempt() {
        partner.on("/api/silent", r -> {
            Thread.sleep(1500);
            return new Partner.Answer(200, "{}");
        });
        erp(new Bearer("${secrets.ERP_TOKEN}"), Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("url: /silent", "    timeout: 300ms\n    retry: { maxAttempts: 4, delay: 1ms }\n"));
        // the client was given what was left of the attempt's deadline, and named that (294 ms, 297 ms, ...)
        assertThat(e.steps()).hasSize(4).allSatisfy(s -> {
            assertThat(s.error().code()).isEqualTo("STEP_TIMEOUT");
            assertThat(s.error().message()).isEqualTo("Call through connection 'erp' (sandbox) did not finish within 300ms");
            assertThat(s.error().details().path("url").asText()).isEqualTo(partner.url("/api/silent"));
            assertThat(s.error().details().path("timeoutMs").asInt()).isEqualTo(300);
            // as an HTTP_<status> failure through a connection says them
            assertThat(s.error().details().path("connection").asText()).isEqualTo("erp");
            assertThat(s.error().details().path("environment").asText()).isEqualTo("sandbox");
            assertThat(s.error().details().path("method").asText()).isEqualTo("GET");
            assertThat(s.error().details().has("host")).isTrue();
            assertThat(s.error().details().has("port")).isTrue();
        });
    }

    @Test
    void aProfilesTimeoutIsSaidAsWrittenAlsoWhenTheTokenRequestUsesItUp() {
        partner.on("/oauth/token", r -> {
            Thread.sleep(2000);
            return new Partner.Answer(200, "{\"access_token\":\"late\",\"expires_in\":3600}");
        });
        erp(oauth(), Map.of(), Duration.ofSeconds(1), List.of());
        ExecutionRecord e = run(callFlow("url: /orders", "    retry: { maxAttempts: 3, delay: 1ms }\n"));
        // the token request was given what was left of the deadline (994 ms, say) and raced the attempt's own timer
        assertThat(e.steps()).hasSize(3).allSatisfy(s -> {
            assertThat(s.error().code()).isEqualTo("STEP_TIMEOUT");
            assertThat(s.error().message()).isEqualTo("Call through connection 'erp' (sandbox) did not finish within 1s");
            assertThat(s.error().details().path("timeoutMs").asInt()).isEqualTo(1000);
            // the call it was for, and where the token was asked
            assertThat(s.error().details().path("method").asText()).isEqualTo("GET");
            assertThat(s.error().details().path("url").asText()).isEqualTo(partner.url("/api/orders"));
            assertThat(s.error().details().path("port").asInt()).isPositive();
            assertThat(s.error().details().path("host").asText()).isEqualTo("127.0.0.1");
            assertThat(s.error().details().path("tokenUrl").asText()).isEqualTo(partner.url("/oauth/token"));
            assertThat(s.error().details().path("connection").asText()).isEqualTo("erp");
            assertThat(s.error().details().path("environment").asText()).isEqualTo("sandbox");
        });
        assertThat(partner.requests("/api/orders")).isEmpty();
    }

    @Test
    void anEmptyUrlCallsTheBaseUrlItself() {
        partner.on("/api", r -> new Partner.Answer(200, "{\"root\":true}"));
        erp(null, Map.of(), null, List.of());
        ExecutionRecord e = run(callFlow("method: GET", ""));
        assertThat(e.status()).as(describe(e)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(partner.requests("/api")).hasSize(1);
    }

    /** Tokens are cached per node, connection and settings: a new audience per test gives each its own. */
    private static OAuth2ClientCredentials oauth() {
        return new OAuth2ClientCredentials(partner.url("/oauth/token"), "flows-client", "${secrets.ERP_CLIENT_SECRET}",
                "orders:read orders:write", "test-" + flowIds.incrementAndGet(), "basic");
    }

    /** A token endpoint that issues tok-1, tok-2, ... valid for {@code expiresIn} seconds; answers how many. */
    private static AtomicInteger tokenEndpoint(int expiresIn) {
        AtomicInteger issued = new AtomicInteger();
        partner.on("/oauth/token", r -> {
            Thread.sleep(50); // long enough for concurrent calls to find the request in flight
            return new Partner.Answer(200, "{\"access_token\":\"tok-" + issued.incrementAndGet()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}");
        });
        return issued;
    }

    private static void erp(ConnectionProfile.Auth auth, Map<String, String> headers, Duration timeout, List<String> hosts) {
        profiles.put("erp", new ConnectionProfile("erp", "sandbox", partner.url("/api"), auth, headers, timeout, hosts));
    }

    private static FlowVersion callFlow(String with, String stepExtra) {
        String yaml = "id: conn-" + flowIds.incrementAndGet() + "\ntrigger: {type: manual}\nsteps:\n"
                + "  - id: call\n    type: connector-call\n    connection: erp\n" + stepExtra
                + "    with:\n      " + with + "\n";
        FlowDsl.Result r = loader.read(yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
        assertThat(r.valid()).as(yaml + r.problems()).isTrue();
        FlowVersion v = FlowLoader.version(r, 1);
        flows.put(v.flowId(), v);
        return v;
    }

    private static ExecutionRecord run(FlowVersion v) {
        try {
            return engine.start(v, FlowEngine.manualTrigger(JSON.createObjectNode()), Map.of()).done().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TraceEntry step(ExecutionRecord e) {
        return e.steps().get(e.steps().size() - 1);
    }

    private static String describe(ExecutionRecord e) {
        return new ExecutionJson(1 << 20).write(e).toString();
    }

    private static void assertNoSecretIn(ExecutionRecord e) {
        String text = describe(e);
        for (String secret : List.of(TOKEN, PASSWORD, API_KEY, CLIENT_SECRET)) {
            assertThat(text).as("execution as the API shows it").doesNotContain(secret);
        }
    }
}
