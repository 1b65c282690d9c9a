package io.flows.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.hooks.Signatures;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Secrets end to end, written once and run on each database: the store over the API, {@code secrets.NAME} in
 * connector calls and webhook signatures, and the proof that no value leaves the service — every answer and
 * the captured log lines are searched for each value and its encodings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(240)
abstract class AbstractSecretsTest {

    /** Characters that make every encoding differ from the value: space, '/', '+', '&', '=', '"'. */
    static final String STORED = "St0red \"tok\"/a+b&c=d-" + UUID.randomUUID().toString().substring(0, 8);
    static final String FROM_ENV = "Env-Valu3 with/slash+" + UUID.randomUUID().toString().substring(0, 8);
    /** The characters encodeURIComponent keeps but form encoding does not, with one that every encoder encodes. */
    static final List<String> URL_ENCODED = List.of("abcdef!\"gh", "abcdef* gh", "abcdef' gh", "(abc)~d ef");
    /** Fits in a URL as it is, as a token in a path would. */
    static final String PLAIN = "s3cr3tT0kenXYZ" + UUID.randomUUID().toString().substring(0, 8);
    static final String HOOK = "whsec_" + Base64.getEncoder().encodeToString(
            ("hook-key-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));

    private final List<TestDatabase> databases = new ArrayList<>();
    private final List<EmbeddedServer> servers = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private LogCapture logs;
    private EchoPartner partner;
    private TestDatabase db;
    private String masterKey;
    private Http http;

    protected abstract TestDatabase newDatabase();

    @BeforeAll
    void start() throws Exception {
        logs = new LogCapture();
        partner = new EchoPartner();
        TestProcessEnvironment.VARIABLES.put("FLOWS_SECRET_FROM_ENV", FROM_ENV);
        TestProcessEnvironment.VARIABLES.put("FLOWS_SECRET_TOO_SHORT", "abc12");
        TestProcessEnvironment.VARIABLES.put("FLOWS_SECRET_PLAIN", PLAIN);
        for (int i = 0; i < URL_ENCODED.size(); i++) {
            TestProcessEnvironment.VARIABLES.put("FLOWS_SECRET_URL_" + i, URL_ENCODED.get(i));
        }
        db = newDatabase();
        databases.add(db);
        masterKey = SecretCipherTest.newKeyText();
        http = new Http(TestService.baseUrl(start(db, masterKey, null)));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (EmbeddedServer s : servers) {
                s.getApplicationContext().close();
            }
            for (TestDatabase d : databases) {
                d.close();
            }
            partner.close();
        } finally {
            logs.close();
        }
    }

    private EmbeddedServer start(TestDatabase database, String key, String previousKey) {
        Map<String, Object> p = TestService.properties(database);
        p.put("flows.test.process-environment", "true");
        if (key != null) {
            p.put("flows.secrets.master-key", key);
        }
        if (previousKey != null) {
            p.put("flows.secrets.previous-master-key", previousKey);
        }
        EmbeddedServer s = TestService.start(p);
        servers.add(s);
        return s;
    }

    /** Every answer goes through here, so each one is searched for secret values. */
    private Answer call(Http client, String method, String path, String contentType, String body) {
        Answer a = client.send(method, path, contentType, body);
        answers.add(a);
        assertNoSecretIn(a.toString(), a.request());
        return a;
    }

    private Answer get(String path) {
        return call(http, "GET", path, null, null);
    }

    @Test
    void theStoreSetsListsAndDeletesWithoutEverAnsweringAValue() {
        Answer created = putSecret("LIST_ME", STORED);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("LIST_ME");
        assertThat(created.json().get("source").asText()).isEqualTo("store");
        Answer replaced = putSecret("LIST_ME", STORED + "-2");
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

        JsonNode list = get("/api/secrets").json();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        list.forEach(e -> byName.put(e.get("name").asText(), e));
        assertThat(byName.get("LIST_ME").get("source").asText()).isEqualTo("store");
        assertThat(byName.get("LIST_ME").get("updatedAt").asText()).isNotBlank();
        assertThat(byName.get("FROM_ENV").get("source").asText()).isEqualTo("environment");
        assertThat(byName).as("an environment value under 6 characters is ignored").doesNotContainKey("TOO_SHORT");
        list.forEach(e -> assertThat(e.has("value")).isFalse());
        assertThat(logs.text()).as("the short variable is named in a warning, its value never")
                .contains("FLOWS_SECRET_TOO_SHORT is ignored").doesNotContain("abc12");

        var rows = servers.get(0).getApplicationContext().getBean(SecretRepository.class);
        SecretRow row = rows.findById("LIST_ME").orElseThrow();
        assertThat(row.ciphertext()).doesNotContain("St0red");

        assertThat(call(http, "DELETE", "/api/secrets/LIST_ME", null, null).status()).isEqualTo(204);
        Answer again = call(http, "DELETE", "/api/secrets/LIST_ME", null, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(get("/api/secrets").body()).doesNotContain("LIST_ME");
    }

    @Test
    void shortValuesBadNamesAndBadBodiesAreRefused() {
        Answer tooShort = putSecret("SHORT_ONE", "abc12");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("detail").asText()).contains("at least 6 characters");
        assertThat(putSecret("bad.name", STORED).status()).isEqualTo(400);
        Answer notJson = call(http, "PUT", "/api/secrets/NOT_JSON", "application/json", "value=" + STORED);
        assertThat(notJson.status()).isEqualTo(400);
        Answer extraField = call(http, "PUT", "/api/secrets/EXTRA_FIELD", "application/json",
                "{\"value\": \"abcdefgh\", \"valeu\": 1}");
        assertThat(extraField.status()).as(extraField.toString()).isEqualTo(400);
        assertThat(get("/api/secrets").body()).doesNotContain("SHORT_ONE").doesNotContain("NOT_JSON")
                .doesNotContain("EXTRA_FIELD");
    }

    @Test
    void secretsOutsideConnectorSettingsAreRefusedWithTheirLocation() {
        Answer a = call(http, "POST", "/api/flows", "application/yaml", """
                id: secret-in-script
                steps:
                  - { id: copy, type: transform, script: "return { t: secrets.FROM_ENV }" }
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        JsonNode error = a.json().get("errors").get(0);
        assertThat(error.get("code").asText()).isEqualTo("SECRET_OUT_OF_SCOPE");
        assertThat(error.get("path").asText()).isEqualTo("steps[0].script");
    }

    @Test
    void anUnknownSecretFailsTheStepNamingTheSecret() {
        createFlow("""
                id: unknown-secret
                steps:
                  - id: call
                    type: connector-call
                    with: { url: "%s", headers: { X-Api-Key: "${secrets.NOT_SET_ANYWHERE}" } }
                """.formatted(partner.url("/echo")));
        JsonNode e = run("unknown-secret");
        assertThat(e.get("status").asText()).isEqualTo("FAILED");
        assertThat(e.get("error").get("code").asText()).isEqualTo("SECRET_NOT_FOUND");
        assertThat(e.get("error").get("message").asText()).contains("NOT_SET_ANYWHERE");
    }

    @Test
    void noSecretValueLeavesTheServiceEvenWhenThePartnerEchoesIt() {
        assertThat(putSecret("E2E_TOKEN", STORED).status()).isEqualTo(201);
        createFlow("""
                id: secret-echo
                steps:
                  - id: call
                    type: connector-call
                    with:
                      method: POST
                      url: "%s"
                      headers: { X-Api-Key: "${secrets.E2E_TOKEN}", Authorization: "Bearer ${secrets.E2E_TOKEN}", X-Env: "${secrets.FROM_ENV}" }
                      query: { key: "${secrets.E2E_TOKEN}", env: "${secrets['FROM_ENV']}" }
                      body: { token: "${secrets.E2E_TOKEN}", note: "sent ${secrets.FROM_ENV}" }
                  - id: copy
                    type: transform
                    script: |
                      console.log('partner echoed ' + input.body.headers['x-api-key'] + ' ' + input.body.copies.basic);
                      return { echoed: input.body.headers['x-api-key'], env: input.body.headers['x-env'],
                               reversedAndBack: input.body.headers['x-api-key'].split('').reverse().reverse().join(''),
                               copies: input.body.copies, query: input.body.rawQuery, body: input.body.body };
                output: "${ { copied: steps.copy.output.echoed, all: steps.copy.output } }"
                """.formatted(partner.url("/echo")));
        JsonNode ok = run("secret-echo");
        assertThat(ok.get("status").asText()).as(ok.toString()).isEqualTo("SUCCEEDED");
        assertThat(ok.get("output").get("copied").asText()).as("the copy reached the output, masked").isEqualTo("***");
        assertThat(ok.get("output").get("all").get("copies").get("base64").asText()).isEqualTo("***");
        assertThat(ok.toString()).contains("Bearer ***");

        createFlow("""
                id: secret-echo-fails
                steps:
                  - id: call
                    type: connector-call
                    with:
                      url: "%s"
                      headers: { X-Api-Key: "${secrets.E2E_TOKEN}" }
                      query: { key: "${secrets.E2E_TOKEN}" }
                """.formatted(partner.url("/fail")));
        JsonNode failed = run("secret-echo-fails");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("HTTP_500");

        for (String id : List.of(ok.get("id").asText(), failed.get("id").asText())) {
            assertThat(get("/api/executions/" + id).body()).contains("***");
        }
        get("/api/flows/secret-echo/executions");
        get("/api/flows/secret-echo-fails/executions?status=failed");

        LoggerFactory.getLogger("io.flows.test").warn("a careless line: {} {}", STORED,
                Base64.getEncoder().encodeToString(STORED.getBytes(StandardCharsets.UTF_8)),
                new IllegalStateException("failed with " + URLEncoder.encode(FROM_ENV, StandardCharsets.UTF_8)));
        String logged = logs.text();
        assertThat(logged).contains("a careless line: *** ***").contains("IllegalStateException: failed with ***");
        assertNoSecretIn(logged, "the log output");
    }

    @Test
    void aSecretUrlEncodedInTheFlowIsMaskedWhicheverCharactersTheEncoderKept() {
        createFlow("""
                id: url-encoded-secrets
                steps:
                  - id: call
                    type: connector-call
                    with:
                      url: "%s?a=${encodeURIComponent(secrets.URL_0)}&b=${encodeURIComponent(secrets.URL_1)}&c=${encodeURIComponent(secrets.URL_2)}&d=${encodeURI(secrets.URL_3)}"
                      query: { e: "${secrets.URL_3}" }
                """.formatted(partner.url("/echo")));
        JsonNode e = run("url-encoded-secrets");
        assertThat(e.get("status").asText()).as(e.toString()).isEqualTo("SUCCEEDED");
        JsonNode step = e.get("steps").get(0);
        assertThat(step.get("request").get("url").asText()).as(step.toString()).endsWith("/echo?a=***&b=***&c=***&d=***");
        assertThat(step.get("request").get("query").get("e").asText()).isEqualTo("***");
        assertThat(step.get("output").get("body").get("rawQuery").asText()).isEqualTo("a=***&b=***&c=***&d=***&e=***");
        assertThat(get("/api/executions/" + e.get("id").asText()).body()).contains("a=***&b=***&c=***&d=***&e=***");
    }

    @Test
    void aConnectionProfileHoldingASecretsValueIsRefusedAndOneStoredEarlierIsAnsweredMasked() {
        Answer refused = call(http, "PUT", "/api/connections/leak/sandbox", "application/json", """
                {"baseUrl": "%s%s", "headers": {"X-Custom": "%s", "X-Encoded": "%s", "%s": "x"},
                 "auth": {"type": "basic", "username": "%s", "password": "${secrets.PLAIN}"}}
                """.formatted(partner.url("/"), PLAIN, PLAIN, UrlEncoders.percent(FROM_ENV, UrlEncoders.UNRESERVED), PLAIN, PLAIN));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        List<String> paths = new ArrayList<>();
        refused.json().get("errors").forEach(e -> {
            assertThat(e.get("code").asText()).isEqualTo("PLAINTEXT_SECRET");
            paths.add(e.get("path").asText());
        });
        assertThat(paths).containsExactlyInAnyOrder("baseUrl", "headers.X-Custom", "headers.X-Encoded", "headers.***",
                "auth.username");
        assertThat(get("/api/connections/leak").status()).as("nothing was stored").isEqualTo(404);

        // saved before profiles were checked for secret values, or the value became a secret later
        var rows = servers.get(0).getApplicationContext().getBean(io.flows.engine.connections.ConnectionRepository.class);
        Instant now = Instant.now();
        rows.save(new io.flows.engine.connections.ConnectionRow("legacy/sandbox", "legacy", "sandbox",
                "{\"baseUrl\": \"" + partner.url("/" + PLAIN) + "\", \"headers\": {\"X-Custom\": \"" + PLAIN + "\"}}", now, now));
        JsonNode one = get("/api/connections/legacy/sandbox").json();
        assertThat(one.get("baseUrl").asText()).isEqualTo(partner.url("/***"));
        assertThat(one.get("headers").get("X-Custom").asText()).isEqualTo("***");
        assertThat(get("/api/connections/legacy").json().get("variants").get("sandbox")).isEqualTo(one);

        // sent back as fetched, the masked profile would store '***' in place of the values
        Answer back = call(http, "PUT", "/api/connections/legacy/sandbox", "application/json", one.toString());
        assertThat(back.status()).as(back.toString()).isEqualTo(400);
        List<String> masked = new ArrayList<>();
        back.json().get("errors").forEach(e -> {
            assertThat(e.get("code").asText()).isEqualTo("MASKED_VALUE");
            masked.add(e.get("path").asText());
        });
        assertThat(masked).containsExactlyInAnyOrder("baseUrl", "headers.X-Custom");
        assertThat(rows.findById("legacy/sandbox").orElseThrow().profileJson()).as("kept as it was").contains(PLAIN);
    }

    @Test
    void aWebhookWhoseStoredSecretGivesNoKeyAsksTheSenderToDeliverAgainLater() {
        assertThat(putSecret("EMPTY_HOOK_KEY", "whsec_").status()).isEqualTo(201); // six characters: a "secret"
        createFlow("""
                id: empty-key-hook
                trigger:
                  type: webhook
                  path: empty-key-hook
                  signature: { scheme: standard-webhooks, secret: "${secrets.EMPTY_HOOK_KEY}" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """);
        Answer a = http.send("POST", "/hooks/empty-key-hook", "application/json", "{}", "webhook-id", "msg-empty-1",
                "webhook-timestamp", Long.toString(Instant.now().getEpochSecond()), "webhook-signature", "v1,AAAA");
        assertThat(a.status()).as("an HMAC key of no bytes cannot verify anything: " + a).isEqualTo(503);
        assertThat(a.header("Retry-After")).isEqualTo("60");
        assertThat(a.json().path("detail").asText()).contains("is not set, cannot be read or is empty");
    }

    @Test
    void aWebhookSignedWithAStoredSecretVerifiesAndItsDeliveryIsMasked() throws Exception {
        assertThat(putSecret("SHOP_HOOK", HOOK).status()).isEqualTo(201);
        // the payload below quotes STORED: stored here too, so the masking holds whichever test ran first
        assertThat(putSecret("HOOK_PAYLOAD_SECRET", STORED).status()).isIn(200, 201);
        createFlow("""
                id: signed-hook
                trigger:
                  type: webhook
                  path: signed-hook
                  signature: { scheme: standard-webhooks, secret: "${secrets.SHOP_HOOK}" }
                steps:
                  - { id: echo, type: transform, script: "return input" }
                """);
        // a sender that puts a secret in its payload: stored as received, never answered as such
        String body = "{\"note\": \"the token is " + STORED.replace("\"", "\\\"") + "\"}";
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = Signatures.standardSignature(HOOK, "msg-secret-1", Long.parseLong(ts),
                body.getBytes(StandardCharsets.UTF_8));
        Answer wrong = http.send("POST", "/hooks/signed-hook", "application/json", body, "webhook-id", "msg-secret-1",
                "webhook-timestamp", ts, "webhook-signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(wrong.status()).isEqualTo(401);
        Answer ok = http.send("POST", "/hooks/signed-hook", "application/json", body, "webhook-id", "msg-secret-1",
                "webhook-timestamp", ts, "webhook-signature", signature);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        answers.add(ok);

        String deliveryId = ok.json().get("id").asText();
        JsonNode delivery = awaitDelivery(deliveryId);
        assertThat(delivery.get("body").asText()).isEqualTo("{\"note\": \"the token is ***\"}");
        get("/api/hooks/deliveries");
        get("/api/hooks/deliveries?flowId=signed-hook");
        JsonNode e = get("/api/executions/" + delivery.get("executionId").asText()).json();
        assertThat(e.get("trigger").get("body").get("note").asText()).isEqualTo("the token is ***");
    }

    private JsonNode awaitDelivery(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode d = get("/api/hooks/deliveries/" + id).json();
            if ("PROCESSED".equals(d.path("status").asText()) || System.nanoTime() > deadline) {
                assertThat(d.path("status").asText()).as(d.toString()).isEqualTo("PROCESSED");
                return d;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aWrongMasterKeyFailsClearlyAndThePreviousKeyReEncrypts() {
        assertThat(putSecret("ROTATED", STORED).status()).isEqualTo(201);
        String newKey = SecretCipherTest.newKeyText();
        String flow = """
                id: rotated-%s
                steps:
                  - id: call
                    type: connector-call
                    with: { url: "%s", headers: { X-Api-Key: "${secrets.ROTATED}" } }
                """;

        EmbeddedServer wrong = start(db, newKey, null);
        Http other = new Http(TestService.baseUrl(wrong));
        assertThat(call(other, "POST", "/api/flows", "application/yaml", flow.formatted("wrong", partner.url("/echo"))).status())
                .isEqualTo(201);
        JsonNode failed = call(other, "POST", "/api/flows/rotated-wrong/executions?wait=true", "application/json", "{}").json();
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("SECRET_UNREADABLE");
        assertThat(failed.get("error").get("message").asText()).contains("ROTATED").contains("FLOWS_MASTER_KEY");
        wrong.getApplicationContext().close();

        EmbeddedServer rotated = start(db, newKey, masterKey);
        other = new Http(TestService.baseUrl(rotated));
        JsonNode ok = call(other, "POST", "/api/flows/rotated-wrong/executions?wait=true", "application/json", "{}").json();
        assertThat(ok.get("status").asText()).as(ok.toString()).isEqualTo("SUCCEEDED");
        SecretRow row = rotated.getApplicationContext().getBean(SecretRepository.class).findById("ROTATED").orElseThrow();
        assertThat(new SecretStoreOpener(newKey).open(row)).as("sealed again with the new key").isEqualTo(STORED);
        rotated.getApplicationContext().close();
    }

    @Test
    void aStoredSecretOnANodeWithoutAMasterKeyFailsSayingSoNotThatItIsUnset() {
        assertThat(putSecret("KEYLESS", STORED).status()).isEqualTo(201);
        EmbeddedServer keyless = start(db, null, null);
        try {
            Http other = new Http(TestService.baseUrl(keyless));
            assertThat(call(other, "PUT", "/api/connections/keyless/sandbox", "application/json",
                    "{\"baseUrl\": \"" + partner.url("/") + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"${secrets.KEYLESS}\"}}")
                    .status()).isEqualTo(201);
            assertThat(call(other, "POST", "/api/flows", "application/yaml", """
                    id: keyless
                    steps:
                      - id: call
                        type: connector-call
                        with: { url: "%s", headers: { X-Api-Key: "${secrets.KEYLESS}" } }
                    """.formatted(partner.url("/echo"))).status()).isEqualTo(201);
            JsonNode direct = call(other, "POST", "/api/flows/keyless/executions?wait=true", "application/json", "{}").json();
            assertThat(call(other, "POST", "/api/flows", "application/yaml", """
                    id: keyless-connection
                    steps:
                      - { id: through, type: connector-call, connection: keyless, with: { url: echo } }
                    """).status()).isEqualTo(201);
            JsonNode viaConnection = call(other, "POST", "/api/flows/keyless-connection/executions?wait=true",
                    "application/json", "{}").json();
            for (JsonNode failed : List.of(direct, viaConnection)) {
                assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
                assertThat(failed.get("error").get("code").asText()).isEqualTo("SECRET_UNREADABLE");
                assertThat(failed.get("error").get("message").asText()).contains("'KEYLESS'")
                        .contains("no FLOWS_MASTER_KEY").doesNotContain("PUT /api/secrets");
            }
            // a secret set nowhere: the way to set it on this node, not a PUT that answers 503 here
            assertThat(call(other, "POST", "/api/flows", "application/yaml", """
                    id: keyless-unset
                    steps:
                      - id: call
                        type: connector-call
                        with: { url: "%s", headers: { X-Api-Key: "${secrets.NEVER_SET}" } }
                    """.formatted(partner.url("/echo"))).status()).isEqualTo(201);
            JsonNode unset = call(other, "POST", "/api/flows/keyless-unset/executions?wait=true", "application/json", "{}").json();
            assertThat(unset.get("error").get("code").asText()).as(unset.toString()).isEqualTo("SECRET_NOT_FOUND");
            assertThat(unset.get("error").get("message").asText()).contains("FLOWS_SECRET_NEVER_SET")
                    .contains("no FLOWS_MASTER_KEY").doesNotContain("store it with PUT");
            assertThat(logs.text()).contains("stored secrets cannot be used: FLOWS_MASTER_KEY is not set");
        } finally {
            keyless.getApplicationContext().close();
        }
    }

    /** Opens a stored row with a given key, as the store would. */
    private record SecretStoreOpener(String key) {
        String open(SecretRow row) {
            try {
                return new SecretCipher().open(MasterKey.parse("k", key).orElseThrow(), row.name(), row.sealed());
            } catch (SecretCipher.Unopenable e) {
                throw new AssertionError(e.getMessage());
            }
        }
    }

    private Answer putSecret(String name, String value) {
        String body = Http.JSON.createObjectNode().put("value", value).toString();
        return call(http, "PUT", "/api/secrets/" + name, "application/json", body);
    }

    private void createFlow(String yaml) {
        Answer a = call(http, "POST", "/api/flows", "application/yaml", yaml);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }

    private JsonNode run(String flowId) {
        Answer a = call(http, "POST", "/api/flows/" + flowId + "/executions?wait=true", "application/json", "{}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    /** Fails when any secret of this test, in any spelling a partner echoed, is in {@code text}. */
    static void assertNoSecretIn(String text, String where) {
        List<String> values = new ArrayList<>(List.of(STORED, FROM_ENV, HOOK, PLAIN));
        values.addAll(URL_ENCODED);
        for (String value : values) {
            for (String form : spellings(value)) {
                assertThat(text).as("%s holds a form of a secret (%s)", where, form).doesNotContain(form);
            }
        }
    }

    static List<String> spellings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String form = URLEncoder.encode(value, StandardCharsets.UTF_8);
        return List.of(value, value.replace("\"", "\\\""), form, form.replace("+", "%20"),
                UrlEncoders.percent(value, UrlEncoders.UNRESERVED + "!'()*"),
                Base64.getEncoder().encodeToString(bytes), Base64.getEncoder().withoutPadding().encodeToString(bytes),
                Base64.getUrlEncoder().encodeToString(bytes), Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                Base64.getEncoder().encodeToString(("erp:" + value).getBytes(StandardCharsets.UTF_8)));
    }
}
