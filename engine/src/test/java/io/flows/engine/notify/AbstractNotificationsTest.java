package io.flows.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.hooks.Signatures;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.support.Http;
import io.flows.engine.support.Http.Answer;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Outgoing notifications end to end: a real service on a real database sends signed Standard
 * Webhooks to a real receiver on 127.0.0.1. Written once, run on H2 and PostgreSQL (subclasses).
 * The retry schedule and timeouts are set to milliseconds; each test uses its own flows, receiver
 * path and subscription, so they share one service safely.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class AbstractNotificationsTest {

    static final String PROBLEM = "application/problem+json";
    static final Duration FIRST_WAIT = Duration.ofMillis(150);
    static final Duration SECOND_WAIT = Duration.ofMillis(300);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(700);
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private final AtomicInteger seq = new AtomicInteger();
    private final List<TestDatabase> databases = new ArrayList<>();
    private final Signatures signatures = new Signatures(Clock.systemUTC(), Duration.ofMinutes(5));
    private EmbeddedServer server;
    private Receiver receiver;
    private Http http;

    protected abstract TestDatabase newDatabase();

    @BeforeAll
    void start() throws Exception {
        receiver = new Receiver();
        server = TestService.start(properties(newDatabaseKept(), true));
        http = new Http(TestService.baseUrl(server));
    }

    @AfterAll
    void stop() throws Exception {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(TestService.stopping(server));
        all.add(receiver);
        all.addAll(databases);
        TestService.closeAll(all.toArray(AutoCloseable[]::new));
    }

    private TestDatabase newDatabaseKept() {
        TestDatabase db = newDatabase();
        databases.add(db);
        return db;
    }

    /** The suite's service seals subscription secrets at rest with this key. */
    static final String MASTER_KEY = newKey();

    static Map<String, Object> properties(TestDatabase db, boolean sending) {
        return properties(db, sending, MASTER_KEY, null);
    }

    static Map<String, Object> properties(TestDatabase db, boolean sending, String masterKey, String previousKey) {
        Map<String, Object> p = new HashMap<>(TestService.properties(db));
        if (masterKey != null) {
            p.put("flows.secrets.master-key", masterKey);
        }
        if (previousKey != null) {
            p.put("flows.secrets.previous-master-key", previousKey);
        }
        p.put("flows.notifications.enabled", sending);
        p.put("flows.notifications.backoff", List.of(FIRST_WAIT.toMillis() + "ms", SECOND_WAIT.toMillis() + "ms"));
        p.put("flows.notifications.timeout", ATTEMPT_TIMEOUT.toMillis() + "ms");
        p.put("flows.notifications.poll-interval", "100ms");
        return p;
    }

    @Test
    void aFailedExecutionIsDeliveredAsASignedStandardWebhook() throws Exception {
        String flow = flow();
        String path = path();
        JsonNode sub = subscribe(path, flow, "execution.failed", "execution.succeeded");
        String secret = sub.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSizeGreaterThanOrEqualTo(24);

        String execution = run(flow, true, "FAILED");

        Receiver.Request r = receiver.await(path, 1, DEADLINE).get(0);
        assertThatCode(() -> signatures.verify(Signatures.STANDARD, secret, r.headers(), r.body())).doesNotThrowAnyException();
        assertThat(r.header("webhook-id")).startsWith("msg_");
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(Long.parseLong(r.header("webhook-timestamp"))).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        JsonNode body = Http.JSON.readTree(r.body());
        assertThat(body.get("type").asText()).isEqualTo("execution.failed");
        assertThat(body.get("timestamp").asText()).isNotBlank();
        JsonNode data = body.get("data");
        assertThat(data.get("id").asText()).isEqualTo(execution);
        assertThat(data.get("flowId").asText()).isEqualTo(flow);
        assertThat(data.get("flowVersion").asInt()).isEqualTo(1);
        assertThat(data.get("status").asText()).isEqualTo("FAILED");
        assertThat(data.get("error").get("stepId").asText()).isEqualTo("check");
        assertThat(data.get("error").get("message").asText()).contains("no way");
        assertThat(data.get("durationMs").asLong()).isNotNegative();
        assertThat(data.get("url").asText()).isEqualTo("/api/executions/" + execution);
        assertThat(data.has("trigger")).as("no trigger input in a notification").isFalse();
        assertThat(data.has("steps")).as("no step trace in a notification").isFalse();
        assertThat(r.text()).doesNotContain("secret-input");

        JsonNode d = awaitDelivery(sub, "SUCCEEDED");
        assertThat(d.get("id").asText()).isEqualTo(r.header("webhook-id"));
        assertThat(d.get("eventType").asText()).isEqualTo("execution.failed");
        assertThat(d.get("executionId").asText()).isEqualTo(execution);
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(d.get("attemptLog")).hasSize(1);
        assertThat(d.get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(200);
        JsonNode one = http.get("/api/subscriptions/" + sub.get("id").asText() + "/deliveries/" + d.get("id").asText()).json();
        assertThat(one.get("payload")).isEqualTo(body);
        assertThat(http.get("/prometheus").body()).contains("flows_notification_deliveries_total")
                .contains("flows_notification_attempts_total");
    }

    @Test
    void aSucceededExecutionIsDeliveredWithItsOwnEventType() throws Exception {
        String flow = flow();
        String path = path();
        JsonNode sub = subscribe(path, flow, "execution.succeeded");
        String execution = run(flow, false, "SUCCEEDED");

        Receiver.Request r = receiver.await(path, 1, DEADLINE).get(0);
        signatures.verify(Signatures.STANDARD, sub.get("secret").asText(), r.headers(), r.body());
        JsonNode body = Http.JSON.readTree(r.body());
        assertThat(body.get("type").asText()).isEqualTo("execution.succeeded");
        assertThat(body.get("data").get("id").asText()).isEqualTo(execution);
        assertThat(body.get("data").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(body.get("data").get("error").isNull()).isTrue();
    }

    @Test
    void onlyTheSubscribedFlowAndEventsAreDelivered() throws Exception {
        String flow = flow();
        String other = flow();
        String path = path();
        JsonNode sub = subscribe(path, flow, "execution.failed");

        run(other, true, "FAILED");
        run(flow, false, "SUCCEEDED");
        String wanted = run(flow, true, "FAILED");

        // the outbox is written with the execution's final state, which ?wait=true has seen committed
        JsonNode log = http.get("/api/subscriptions/" + sub.get("id").asText() + "/deliveries").json();
        assertThat(log).hasSize(1);
        assertThat(log.get(0).get("executionId").asText()).isEqualTo(wanted);
        awaitDelivery(sub, "SUCCEEDED");
        assertThat(receiver.requests(path)).hasSize(1);
    }

    @Test
    void aSubscriptionWithoutFlowIdHearsOfEveryFlow() throws Exception {
        String a = flow();
        String b = flow();
        String path = path();
        JsonNode sub = subscribe(path, null, "execution.succeeded");
        try {
            String first = run(a, false, "SUCCEEDED");
            String second = run(b, false, "SUCCEEDED");
            long end = System.nanoTime() + DEADLINE.toNanos();
            List<String> seen = new ArrayList<>();
            while (!(seen.contains(first) && seen.contains(second)) && System.nanoTime() < end) {
                seen.clear();
                for (Receiver.Request r : receiver.requests(path)) {
                    seen.add(Http.JSON.readTree(r.body()).get("data").get("id").asText());
                }
                Thread.sleep(20);
            }
            assertThat(seen).contains(first, second);
        } finally {
            assertThat(http.delete("/api/subscriptions/" + sub.get("id").asText()).status()).isEqualTo(204);
        }
    }

    @Test
    void aReceiverFailingTwiceGetsThreeAttemptsWithTheSameIdSpacedByTheBackoff() throws Exception {
        String flow = flow();
        String path = path();
        receiver.script(path, 500, 503, 200);
        JsonNode sub = subscribe(path, flow, "execution.failed");
        run(flow, true, "FAILED");

        List<Receiver.Request> got = receiver.await(path, 3, DEADLINE);
        JsonNode d = awaitDelivery(sub, "SUCCEEDED");

        assertThat(got).hasSize(3);
        assertThat(got).extracting(r -> r.header("webhook-id")).containsOnly(d.get("id").asText());
        for (Receiver.Request r : got) {
            signatures.verify(Signatures.STANDARD, sub.get("secret").asText(), r.headers(), r.body());
            assertThat(r.body()).isEqualTo(got.get(0).body());
        }
        assertThat(Duration.ofNanos(got.get(1).receivedNanos() - got.get(0).receivedNanos())).isGreaterThanOrEqualTo(FIRST_WAIT);
        assertThat(Duration.ofNanos(got.get(2).receivedNanos() - got.get(1).receivedNanos())).isGreaterThanOrEqualTo(SECOND_WAIT);
        assertThat(d.get("attempts").asInt()).isEqualTo(3);
        assertThat(d.get("attemptLog")).extracting(a -> a.get("statusCode").asInt()).containsExactly(500, 503, 200);
        assertThat(d.get("attemptLog").get(0).get("error").asText()).isEqualTo("HTTP 500");
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(200);
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
    }

    @Test
    void aReceiverThatAlwaysFailsEndsFailedAfterTheLastAttemptAndCanBeRedelivered() throws Exception {
        String flow = flow();
        String path = path();
        receiver.answer(path, 500);
        JsonNode sub = subscribe(path, flow, "execution.failed");
        run(flow, true, "FAILED");

        JsonNode d = awaitDelivery(sub, "FAILED");
        assertThat(d.get("attempts").asInt()).isEqualTo(3);
        assertThat(d.get("attemptLog")).hasSize(3);
        assertThat(d.get("lastStatusCode").asInt()).isEqualTo(500);
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
        assertThat(receiver.requests(path)).hasSize(3);
        String subId = sub.get("id").asText();
        assertThat(http.get("/api/subscriptions/" + subId + "/deliveries?status=failed").json()).hasSize(1);
        assertThat(http.get("/api/subscriptions/" + subId + "/deliveries?status=succeeded").json()).isEmpty();

        receiver.answer(path, 204);
        Answer redelivered = http.post("/api/subscriptions/" + subId + "/deliveries/" + d.get("id").asText() + "/redeliver", null, null);
        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
        assertThat(redelivered.json().get("status").asText()).isEqualTo("PENDING");

        List<Receiver.Request> got = receiver.await(path, 4, DEADLINE);
        assertThat(got.get(3).header("webhook-id")).isEqualTo(d.get("id").asText());
        signatures.verify(Signatures.STANDARD, sub.get("secret").asText(), got.get(3).headers(), got.get(3).body());
        JsonNode after = awaitDelivery(sub, "SUCCEEDED");
        assertThat(after.get("attempts").asInt()).isEqualTo(4);
        assertThat(after.get("attemptLog").get(3).get("statusCode").asInt()).isEqualTo(204);

        assertThat(http.post("/api/subscriptions/" + subId + "/deliveries/msg_nope/redeliver", null, null).status()).isEqualTo(404);
    }

    @Test
    void aFailedRedeliveryIsOneAttemptWithoutRetries() throws Exception {
        String flow = flow();
        String path = path();
        receiver.answer(path, 500);
        JsonNode sub = subscribe(path, flow, "execution.failed");
        run(flow, true, "FAILED");
        JsonNode d = awaitDelivery(sub, "FAILED");

        http.post("/api/subscriptions/" + sub.get("id").asText() + "/deliveries/" + d.get("id").asText() + "/redeliver", null, null);
        JsonNode after = awaitDelivery(sub, x -> x.get("attempts").asInt() == 4 && x.get("status").asText().equals("FAILED"));
        assertThat(after.get("attemptLog")).hasSize(4);
        Thread.sleep(FIRST_WAIT.plus(SECOND_WAIT).toMillis());
        assertThat(receiver.requests(path)).hasSize(4);
    }

    @Test
    void aHangingReceiverTimesOut() throws Exception {
        String flow = flow();
        String path = path();
        receiver.script(path, Receiver.HANG);
        JsonNode sub = subscribe(path, flow, "execution.failed");
        run(flow, true, "FAILED");

        JsonNode d = awaitDelivery(sub, "SUCCEEDED");
        assertThat(d.get("attempts").asInt()).isEqualTo(2);
        JsonNode first = d.get("attemptLog").get(0);
        assertThat(first.get("statusCode").isNull()).isTrue();
        assertThat(first.get("error").asText()).contains("STEP_TIMEOUT");
        assertThat(first.get("durationMs").asLong()).isBetween(ATTEMPT_TIMEOUT.toMillis() - 50, ATTEMPT_TIMEOUT.toMillis() + 2000);
    }

    @Test
    void aHangingReceiverDoesNotHoldUpTheDeliveriesOfOtherSubscriptions() throws Exception {
        Map<String, Object> p = properties(newDatabaseKept(), true);
        // long enough that a test waiting for the hanging attempts to time out would fail
        p.put("flows.notifications.timeout", "30s");
        EmbeddedServer own = TestService.start(p);
        try (Receiver hanging = new Receiver()) {
            Http client = new Http(TestService.baseUrl(own));
            String slowFlow = "slow-receiver-flow";
            String quickFlow = "quick-receiver-flow";
            assertThat(client.post("/api/flows", "application/yaml", flowYaml(slowFlow)).status()).isEqualTo(201);
            assertThat(client.post("/api/flows", "application/yaml", flowYaml(quickFlow)).status()).isEqualTo(201);
            String slowPath = path();
            String quickPath = path();
            hanging.answer(slowPath, Receiver.HANG);
            assertThat(client.postJson("/api/subscriptions",
                    subscription(hanging.url(slowPath), slowFlow, "execution.failed")).status()).isEqualTo(201);
            assertThat(client.postJson("/api/subscriptions",
                    subscription(receiver.url(quickPath), quickFlow, "execution.failed")).status()).isEqualTo(201);

            // more deliveries to the hanging receiver than the node has attempts in flight (8)
            for (int i = 0; i < 10; i++) {
                run(client, slowFlow, true, "FAILED");
            }
            hanging.await(slowPath, 2, DEADLINE);
            run(client, quickFlow, true, "FAILED");
            assertThat(receiver.await(quickPath, 1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(hanging.requests(slowPath)).as("the hanging receiver holds its share of attempts only").hasSize(2);
        } finally {
            own.getApplicationContext().close();
        }
    }

    @Test
    void a410GoneEndsTheDeliveryAndDisablesTheSubscription() throws Exception {
        String flow = flow();
        String path = path();
        receiver.script(path, 410);
        JsonNode sub = subscribe(path, flow, "execution.failed");
        String id = sub.get("id").asText();
        run(flow, true, "FAILED");

        JsonNode d = awaitDelivery(sub, "FAILED");
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        JsonNode disabled = http.get("/api/subscriptions/" + id).json();
        assertThat(disabled.get("enabled").asBoolean()).isFalse();
        assertThat(disabled.get("disabledReason").asText()).contains("410");
        Answer refused = http.post("/api/subscriptions/" + id + "/deliveries/" + d.get("id").asText() + "/redeliver", null, null);
        assertThat(refused.status()).as("a disabled subscription sends nothing, not even a redelivery").isEqualTo(409);

        // while disabled, nothing is enqueued; enabled again, new executions are delivered
        run(flow, true, "FAILED");
        assertThat(http.get("/api/subscriptions/" + id + "/deliveries").json()).hasSize(1);
        assertThat(http.post("/api/subscriptions/" + id + "/enable", null, null).json().get("enabled").asBoolean()).isTrue();
        run(flow, true, "FAILED");
        receiver.await(path, 2, DEADLINE);
    }

    @Test
    void aRotatedSecretSignsAlongsideThePreviousOneDuringTheGracePeriod() throws Exception {
        String flow = flow();
        String path = path();
        JsonNode sub = subscribe(path, flow, "execution.failed");
        String id = sub.get("id").asText();
        String old = sub.get("secret").asText();
        assertThat(http.get("/api/subscriptions/" + id + "/secret").json().get("secret").asText()).isEqualTo(old);

        JsonNode rotated = http.post("/api/subscriptions/" + id + "/secret/rotate", null, null).json();
        String fresh = rotated.get("secret").asText();
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(rotated.get("previousSecretValidUntil").asText()).isNotBlank();
        assertThat(http.get("/api/subscriptions/" + id + "/secret").json().get("secret").asText()).isEqualTo(fresh);

        run(flow, true, "FAILED");
        Receiver.Request r = receiver.await(path, 1, DEADLINE).get(0);
        assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        signatures.verify(Signatures.STANDARD, fresh, r.headers(), r.body());
        signatures.verify(Signatures.STANDARD, old, r.headers(), r.body());
    }

    @Test
    void subscriptionsAreListedAndDeletedWithoutShowingTheirSecret() {
        String flow = flow();
        JsonNode sub = subscribe(path(), flow, "execution.failed", "execution.cancelled");
        String id = sub.get("id").asText();
        Answer created = http.get("/api/subscriptions/" + id);
        assertThat(created.json().get("events")).extracting(JsonNode::asText).containsExactly("execution.failed", "execution.cancelled");
        assertThat(created.json().get("flowId").asText()).isEqualTo(flow);
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        Answer list = http.get("/api/subscriptions");
        assertThat(list.body()).contains(id).doesNotContain(sub.get("secret").asText()).doesNotContain("whsec_");
        assertThat(created.body()).doesNotContain("whsec_");

        assertThat(http.post("/api/subscriptions/" + id + "/disable", null, null).json().get("enabled").asBoolean()).isFalse();
        assertThat(http.delete("/api/subscriptions/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/subscriptions/" + id).status()).isEqualTo(404);
        assertThat(http.delete("/api/subscriptions/" + id).status()).isEqualTo(404);
    }

    @Test
    void answersThatADatabaseCouldNotKeepAsTheyCameAreLoggedAndCountAsAnswers() throws Exception {
        String flow = flow();
        String nulPath = path();
        receiver.body(nulPath, "text/plain", "ok\0done".getBytes(StandardCharsets.UTF_8));
        JsonNode nul = subscribe(nulPath, flow, "execution.failed");
        String deepPath = path();
        receiver.body(deepPath, "application/json", ("[".repeat(1001) + "]".repeat(1001)).getBytes(StandardCharsets.UTF_8));
        JsonNode deep = subscribe(deepPath, flow, "execution.failed");
        run(flow, true, "FAILED");

        // PostgreSQL cannot store a NUL in text (H2 can): the logged start of the answer shows U+FFFD in its place
        JsonNode d = awaitDelivery(nul, "SUCCEEDED");
        assertThat(d.get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(200);
        assertThat(d.get("attemptLog").get(0).get("response").asText()).isEqualTo("ok\uFFFDdone");
        // an answer too deep to read is an answer all the same
        JsonNode dd = awaitDelivery(deep, "SUCCEEDED");
        assertThat(dd.get("attempts").asInt()).isEqualTo(1);
        assertThat(dd.get("attemptLog").get(0).get("statusCode").asInt()).isEqualTo(200);
    }

    @Test
    void badSubscriptionsAreRefusedWithAProblem() {
        String flow = flow();
        String url = receiver.url(path());
        assertRefused("{\"events\": [\"execution.failed\"]}", "url is required");
        assertRefused("{\"url\": \"/relative\", \"events\": [\"execution.failed\"]}", "absolute");
        assertRefused("{\"url\": \"ftp://example.com/x\", \"events\": [\"execution.failed\"]}", "http");
        assertRefused("{\"url\": \"http://169.254.169.254/latest\", \"events\": [\"execution.failed\"]}", "link-local");
        // the same address in other spellings, and a metadata name: refused by the host policy deliveries obey
        assertRefused("{\"url\": \"http://0xA9FEA9FE/x\", \"events\": [\"execution.failed\"]}",
                "refused by the notifications' host policy: Host '0xa9fea9fe' is the address 169.254.169.254 in another"
                        + " spelling, which is denied (link-local / cloud metadata)");
        assertRefused("{\"url\": \"http://metadata.google.internal/x\", \"events\": [\"execution.failed\"]}",
                "cloud metadata host name");
        assertRefused("{\"url\": \"" + url + "\", \"events\": []}", "events");
        assertRefused("{\"url\": \"" + url + "\", \"events\": [\"execution.exploded\"]}", "execution.exploded");
        assertRefused("{\"url\": \"" + url + "\", \"events\": [\"execution.failed\"], \"flowId\": \"no-such-flow\"}", "no-such-flow");
        assertRefused("{\"url\": \"" + url + "\", \"event\": [\"execution.failed\"]}", "unknown field 'event'");
        assertRefused("{not json", "JSON");
        // PostgreSQL cannot store a NUL, H2 can: refused on both
        assertRefused("{\"url\": \"" + url + "\", \"events\": [\"execution.failed\"], \"description\": \"a\\u0000b\"}", "NUL");
        assertRefused("{\"url\": \"" + url + "\", \"events\": [\"execution.failed\"], \"flowId\": \"a\\u0000b\"}", "NUL");
        assertThat(http.get("/api/subscriptions/sub_nope").status()).isEqualTo(404);
        JsonNode sub = subscribe(path(), flow, "execution.failed");
        assertThat(http.get("/api/subscriptions/" + sub.get("id").asText() + "/deliveries?status=bogus").status()).isEqualTo(400);
        assertThat(http.get("/api/subscriptions/" + sub.get("id").asText() + "/deliveries?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/api/subscriptions/sub_nope/deliveries").status()).isEqualTo(404);
    }

    @Test
    void aDeliveryToAHostThePolicyDeniesEndsAtItsFirstAttempt() throws Exception {
        String flow = flow();
        String path = path();
        receiver.answer(path, 204);
        JsonNode sub = subscribe(path, flow, "execution.failed");
        // as a subscription stored before its URL was checked at creation
        SubscriptionRepository repository = server.getApplicationContext().getBean(SubscriptionRepository.class);
        SubscriptionRow row = stored(server, sub.get("id").asText());
        repository.update(new SubscriptionRow(row.id(), "http://0xA9FEA9FE/hook", row.events(), row.flowId(),
                row.description(), row.secret(), row.previousSecret(), row.previousSecretUntil(), row.enabled(),
                row.disabledReason(), row.createdAt(), row.updatedAt()));
        run(flow, true, "FAILED");

        JsonNode d = awaitDelivery(sub, "FAILED");
        assertThat(d.get("attempts").asInt()).as("a denied host is denied on every attempt: not retried").isEqualTo(1);
        assertThat(d.get("nextAttemptAt").isNull()).isTrue();
        assertThat(d.get("attemptLog").get(0).get("error").asText()).startsWith("HOST_DENIED: Host '0xa9fea9fe'");
        Thread.sleep(FIRST_WAIT.plus(SECOND_WAIT).toMillis());
        assertThat(awaitDelivery(sub, "FAILED").get("attempts").asInt()).isEqualTo(1);
        assertThat(receiver.requests(path)).isEmpty();
    }

    @Test
    void aPendingDeliverySurvivesARestartAndAnExecutionInterruptedByACrashIsNotified() throws Exception {
        TestDatabase db = newDatabaseKept();
        String path = path();
        String flow = "restart-flow";
        EmbeddedServer quiet = TestService.start(properties(db, false));
        JsonNode sub;
        String execution;
        String crashed = "00000000-0000-7000-8000-00000000c4a5";
        try {
            Http q = new Http(TestService.baseUrl(quiet));
            assertThat(q.post("/api/flows", "application/yaml", flowYaml(flow)).status()).isEqualTo(201);
            sub = q.postJson("/api/subscriptions", subscription(receiver.url(path), flow, "execution.failed")).json();
            execution = run(q, flow, true, "FAILED");
            JsonNode log = q.get("/api/subscriptions/" + sub.get("id").asText() + "/deliveries").json();
            assertThat(log).hasSize(1);
            assertThat(log.get(0).get("status").asText()).isEqualTo("PENDING");
            // what a process killed mid-run leaves behind: an execution still RUNNING
            Instant now = Instant.now();
            quiet.getApplicationContext().getBean(ExecutionRepository.class).save(new ExecutionRow(crashed, flow, 1,
                    "RUNNING", "{}", null, null, now, now, null, null, null));
        } finally {
            quiet.getApplicationContext().close();
        }
        assertThat(receiver.requests(path)).isEmpty();

        EmbeddedServer again = TestService.start(properties(db, true));
        try {
            List<Receiver.Request> got = receiver.await(path, 2, DEADLINE);
            Map<String, JsonNode> byExecution = new HashMap<>();
            for (Receiver.Request r : got) {
                signatures.verify(Signatures.STANDARD, sub.get("secret").asText(), r.headers(), r.body());
                JsonNode data = Http.JSON.readTree(r.body()).get("data");
                byExecution.put(data.get("id").asText(), data);
            }
            assertThat(byExecution).containsOnlyKeys(execution, crashed);
            assertThat(byExecution.get(crashed).get("status").asText()).isEqualTo("FAILED");
            assertThat(byExecution.get(crashed).get("error").get("code").asText()).isEqualTo("INTERRUPTED");
        } finally {
            again.getApplicationContext().close();
        }
    }

    @Test
    void secretsAreSealedAtRestOnceAMasterKeyIsSetAndSealedAgainWhenItIsRotated() throws Exception {
        TestDatabase db = newDatabaseKept();
        String flow = "sealed-flow";
        String path = path();
        String first = newKey();
        String second = newKey();
        String secret;
        String sub;

        // without a master key a secret is kept as it is, as before keys existed
        EmbeddedServer plain = TestService.start(properties(db, false, null, null));
        try {
            Http p = new Http(TestService.baseUrl(plain));
            assertThat(p.post("/api/flows", "application/yaml", flowYaml(flow)).status()).isEqualTo(201);
            JsonNode created = p.postJson("/api/subscriptions", subscription(receiver.url(path), flow, "execution.failed")).json();
            sub = created.get("id").asText();
            secret = created.get("secret").asText();
            assertThat(stored(plain, sub).secret()).isEqualTo(secret);
        } finally {
            plain.getApplicationContext().close();
        }

        // the first start with a key seals it; it still signs, and a rotation seals both secrets
        String rotated;
        EmbeddedServer keyed = TestService.start(properties(db, true, first, null));
        try {
            Http k = new Http(TestService.baseUrl(keyed));
            assertSealed(stored(keyed, sub).secret(), secret);
            assertThat(k.get("/api/subscriptions/" + sub + "/secret").json().get("secret").asText()).isEqualTo(secret);
            run(k, flow, true, "FAILED");
            Receiver.Request signed = receiver.await(path, 1, DEADLINE).get(0);
            signatures.verify(Signatures.STANDARD, secret, signed.headers(), signed.body());

            rotated = k.post("/api/subscriptions/" + sub + "/secret/rotate", null, null).json().get("secret").asText();
            SubscriptionRow row = stored(keyed, sub);
            assertSealed(row.secret(), rotated);
            assertSealed(row.previousSecret(), secret);
        } finally {
            keyed.getApplicationContext().close();
        }

        // a new key with the old one as previous: both are sealed again with the new key, and sign
        EmbeddedServer again = TestService.start(properties(db, true, second, first));
        SubscriptionRow resealed;
        try {
            Http a = new Http(TestService.baseUrl(again));
            resealed = stored(again, sub);
            assertSealed(resealed.secret(), rotated);
            assertThat(a.get("/api/subscriptions/" + sub + "/secret").json().get("secret").asText()).isEqualTo(rotated);
            run(a, flow, true, "FAILED");
            Receiver.Request r = receiver.await(path, 2, DEADLINE).get(1);
            signatures.verify(Signatures.STANDARD, rotated, r.headers(), r.body());
            signatures.verify(Signatures.STANDARD, secret, r.headers(), r.body());
        } finally {
            again.getApplicationContext().close();
        }
        EmbeddedServer onlyNew = TestService.start(properties(db, false, second, null));
        try {
            assertThat(stored(onlyNew, sub).secret()).as("sealed with the new key at the last start").isEqualTo(resealed.secret());
            assertThat(new Http(TestService.baseUrl(onlyNew)).get("/api/subscriptions/" + sub + "/secret").json()
                    .get("secret").asText()).isEqualTo(rotated);
        } finally {
            onlyNew.getApplicationContext().close();
        }

        // without the key nothing is signed with garbage: the secret call and each attempt say why
        EmbeddedServer keyless = TestService.start(properties(db, true, null, null));
        try {
            Http n = new Http(TestService.baseUrl(keyless));
            Answer refused = n.get("/api/subscriptions/" + sub + "/secret");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.contentType()).startsWith(PROBLEM);
            assertThat(refused.json().get("detail").asText()).contains("FLOWS_MASTER_KEY").contains("rotate");
            assertThat(refused.body()).doesNotContain("sealed:v1");
            run(n, flow, true, "FAILED");
            // attempts counts an attempt from its start: wait for its outcome
            JsonNode d = awaitDelivery(n, sub, x -> x.path("lastError").isTextual());
            assertThat(d.get("lastError").asText()).startsWith("SECRET_UNREADABLE").contains("FLOWS_MASTER_KEY");
            assertThat(receiver.requests(path)).hasSize(2);

            // a rotation mends it; the secret that could not be read is dropped, and the answer does not promise it
            JsonNode mended = n.post("/api/subscriptions/" + sub + "/secret/rotate", null, null).json();
            assertThat(mended.get("secret").asText()).startsWith("whsec_");
            assertThat(mended.get("previousSecretValidUntil").isNull()).as("%s", mended).isTrue();
            assertThat(stored(keyless, sub).previousSecret()).isNull();
        } finally {
            keyless.getApplicationContext().close();
        }
    }

    private static SubscriptionRow stored(EmbeddedServer server, String id) {
        return server.getApplicationContext().getBean(SubscriptionRepository.class).findById(id).orElseThrow();
    }

    private static void assertSealed(String stored, String secret) {
        assertThat(stored).startsWith("sealed:v1:").doesNotContain(secret).doesNotContain(secret.substring(6, 20));
    }

    static String newKey() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.Base64.getEncoder().encodeToString(b);
    }

    private void assertRefused(String body, String detail) {
        Answer a = http.postJson("/api/subscriptions", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith(PROBLEM);
        assertThat(a.json().get("detail").asText()).contains(detail);
    }

    private String path() {
        return "/receiver/" + seq.incrementAndGet();
    }

    /** A new flow that fails when its input says {@code fail: true}. */
    private String flow() {
        String id = "notified-" + seq.incrementAndGet();
        Answer a = http.post("/api/flows", "application/yaml", flowYaml(id));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return id;
    }

    private static String flowYaml(String id) {
        return """
                id: %s
                trigger: { type: manual }
                steps:
                  - { id: check, type: transform, script: "if (input.fail) { throw new Error('no way') } return input" }
                """.formatted(id);
    }

    private JsonNode subscribe(String path, String flowId, String... events) {
        Answer a = http.postJson("/api/subscriptions", subscription(receiver.url(path), flowId, events));
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.header("Location")).isEqualTo("/api/subscriptions/" + a.json().get("id").asText());
        return a.json();
    }

    private static String subscription(String url, String flowId, String... events) {
        StringBuilder b = new StringBuilder("{\"url\": \"" + url + "\", \"events\": [");
        for (int i = 0; i < events.length; i++) {
            b.append(i == 0 ? "" : ", ").append('"').append(events[i]).append('"');
        }
        b.append("]");
        if (flowId != null) {
            b.append(", \"flowId\": \"").append(flowId).append('"');
        }
        return b.append(", \"description\": \"test\"}").toString();
    }

    private String run(String flow, boolean failing, String expected) {
        return run(http, flow, failing, expected);
    }

    private static String run(Http client, String flow, boolean failing, String expected) {
        Answer a = client.postJson("/api/flows/" + flow + "/executions?wait=true",
                "{\"fail\": " + failing + ", \"note\": \"secret-input\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo(expected);
        return a.json().get("id").asText();
    }

    private JsonNode awaitDelivery(JsonNode sub, String status) throws InterruptedException {
        return awaitDelivery(sub, d -> d.get("status").asText().equals(status));
    }

    /** The subscription's newest delivery once it matches; fails after the deadline. */
    private JsonNode awaitDelivery(JsonNode sub, Predicate<JsonNode> done) throws InterruptedException {
        return awaitDelivery(http, sub.get("id").asText(), done);
    }

    private static JsonNode awaitDelivery(Http client, String sub, Predicate<JsonNode> done) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < end) {
            JsonNode log = client.get("/api/subscriptions/" + sub + "/deliveries?limit=1").json();
            if (!log.isEmpty()) {
                last = log.get(0);
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(20);
        }
        return fail("delivery not as expected within " + DEADLINE + "; last seen: " + last);
    }
}
