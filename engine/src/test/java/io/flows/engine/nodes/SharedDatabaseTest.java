package io.flows.engine.nodes;

import static io.flows.engine.support.TestFlows.pauseThenDone;
import static io.flows.engine.support.TestFlows.startAsync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.ExecutionRow;
import io.flows.engine.store.NodeRepository;
import io.flows.engine.store.NodeRow;
import io.flows.engine.support.Http;
import io.flows.engine.support.LogLines;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one PostgreSQL database: each leaves the other's work alone while the other is
 * alive, and takes it over once the other stops — at once after a clean stop, after
 * {@code flows.node-timeout} when its heartbeat just ends (a crash).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class SharedDatabaseTest {

    private static final String TIMEOUT = "2s";

    private TestDatabase db;

    @BeforeAll
    void database() {
        db = TestDatabase.postgres();
    }

    @AfterAll
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private EmbeddedServer node(String name) {
        return node(name, "200ms");
    }

    private EmbeddedServer node(String name, String heartbeat) {
        Map<String, Object> p = TestService.properties(db);
        p.put("flows.node-id", name);
        p.put("flows.node-heartbeat", heartbeat);
        p.put("flows.node-timeout", TIMEOUT);
        p.put("flows.max-running", 1);
        return TestService.start(p);
    }



    private static JsonNode await(Http http, String id, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode e = http.get("/api/executions/" + id).json();
        while (!done.test(e) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            e = http.get("/api/executions/" + id).json();
        }
        return e;
    }

    private static Predicate<JsonNode> status(String s) {
        return e -> s.equals(e.path("status").asText());
    }

    @Test
    void aSecondProcessUnderALiveNodesIdRefusesToStartAndLeavesItsWorkAlone() throws Exception {
        EmbeddedServer a = node("twin");
        try {
            Http onA = new Http(TestService.baseUrl(a));
            assertThat(onA.post("/api/flows", "application/yaml", pauseThenDone("twin-slow", "1500ms")).status()).isEqualTo(201);
            String running = startAsync(onA, "twin-slow");
            await(onA, running, status("RUNNING"));

            assertThatThrownBy(() -> node("twin"))
                    .hasStackTraceContaining("another process is running as node 'twin'")
                    .hasStackTraceContaining("FLOWS_NODE_ID");

            // (on a loaded machine the refused start can outlast the pause)
            assertThat(onA.get("/api/executions/" + running).json().path("status").asText())
                    .as("not interrupted by the twin's recovery").isIn("RUNNING", "SUCCEEDED");
            assertThat(await(onA, running, status("SUCCEEDED")).path("status").asText()).isEqualTo("SUCCEEDED");
        } finally {
            a.getApplicationContext().close();
        }
        // a clean stop dates the heartbeat back: the same id starts again at once
        node("twin").getApplicationContext().close();
    }

    @Test
    void liveNodesDoNotTakeOverEachOthersWorkAfterADatabaseOutageLongerThanTheNodeTimeout() throws Exception {
        EmbeddedServer a = node("outage-a");
        // b beats less often: after the outage, a's first heartbeats go through before b's next one
        EmbeddedServer b = node("outage-b", "1500ms");
        try (LogLines watch = new LogLines("io.flows.engine.service.NodeWatch")) {
            Http onB = new Http(TestService.baseUrl(b));
            assertThat(onB.post("/api/flows", "application/yaml", pauseThenDone("outage-slow", "8s")).status())
                    .isEqualTo(201);
            String running = startAsync(onB, "outage-slow");
            await(onB, running, status("RUNNING"));

            allowConnections(false);
            try {
                Thread.sleep(4_000); // longer than the node timeout (2s): every heartbeat is older than that
            } finally {
                allowConnections(true);
            }

            JsonNode ended = await(onB, running, e -> e.path("finishedAt").isTextual());
            assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("SUCCEEDED");
            assertThat(watch.messages()).noneSatisfy(line -> assertThat(line).contains(" took over "))
                    .noneSatisfy(line -> assertThat(line).contains("was presumed stopped"));
        } finally {
            a.getApplicationContext().close();
            b.getApplicationContext().close();
        }
    }

    private void allowConnections(boolean allow) throws SQLException {
        TestDatabase.allowConnections(db.name(), allow);
    }

    @Test
    void aTwinBeatingMoreOftenThanTheLiveNodeStillSeesItsHeartbeatGoOn() throws Exception {
        // the live node beats every 1s; the twin, at 200ms, would give up waiting after 300ms by its own interval
        EmbeddedServer a = node("twin-slow-beat", "1s");
        try {
            Http onA = new Http(TestService.baseUrl(a));
            assertThat(onA.post("/api/flows", "application/yaml", pauseThenDone("beat-slow", "3s")).status()).isEqualTo(201);
            String running = startAsync(onA, "beat-slow");
            await(onA, running, status("RUNNING"));

            assertThatThrownBy(() -> node("twin-slow-beat", "200ms"))
                    .hasStackTraceContaining("another process is running as node 'twin-slow-beat'");

            assertThat(await(onA, running, status("SUCCEEDED")).path("status").asText())
                    .as("not interrupted by the twin's recovery").isEqualTo("SUCCEEDED");
        } finally {
            a.getApplicationContext().close();
        }
    }

    @Test
    void aNodeLeavesTheWorkOfALiveNodeAloneAndTakesItOverWhenThatNodeStops() throws Exception {
        EmbeddedServer a = node("node-a");
        EmbeddedServer b = null;
        try {
            Http onA = new Http(TestService.baseUrl(a));
            assertThat(onA.post("/api/flows", "application/yaml", pauseThenDone("slow", "60s")).status()).isEqualTo(201);
            assertThat(onA.post("/api/flows", "application/yaml", pauseThenDone("quick", "10ms")).status()).isEqualTo(201);
            assertThat(onA.post("/api/flows", "application/yaml", """
                    id: hooked
                    trigger: { type: webhook, path: shared/hooked }
                    steps:
                      - { id: done, type: transform, script: "return { ...input, hooked: true }" }
                    """).status()).isEqualTo(201);

            String running = startAsync(onA, "slow");
            await(onA, running, status("RUNNING"));
            String queued = startAsync(onA, "quick");                      // behind `slow` (max-running 1)
            Http.Answer delivered = onA.postJson("/hooks/shared/hooked", "{\"order\": 1}");
            assertThat(delivered.status()).as(delivered.toString()).isEqualTo(200);

            b = node("node-b");
            Http onB = new Http(TestService.baseUrl(b));
            String own = startAsync(onB, "quick");
            assertThat(await(onB, own, status("SUCCEEDED")).path("status").asText()).isEqualTo("SUCCEEDED");
            Thread.sleep(1000);                                        // several heartbeats, less than the timeout
            assertThat(onB.get("/api/executions/" + running).json().path("status").asText()).isEqualTo("RUNNING");
            assertThat(onB.get("/api/executions/" + queued).json().path("status").asText()).isEqualTo("QUEUED");
            assertThat(onB.get("/api/hooks/deliveries?flowId=hooked").json().get(0).path("status").asText())
                    .isEqualTo("RECEIVED");
            Http.Answer elsewhere = onB.post("/api/executions/" + queued + "/cancel", null, null);
            assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(409);
            assertThat(elsewhere.json().path("detail").asText()).contains("node-a");

            a.getApplicationContext().close();                        // a clean stop: B takes over at once

            JsonNode interrupted = await(onB, running, status("FAILED"));
            assertThat(interrupted.path("error").path("code").asText()).as(interrupted.toString()).isEqualTo("INTERRUPTED");
            JsonNode resumed = await(onB, queued, status("SUCCEEDED"));
            assertThat(resumed.path("output").path("done").asBoolean()).as(resumed.toString()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonNode delivery = onB.get("/api/hooks/deliveries?flowId=hooked").json().get(0);
            while (!"PROCESSED".equals(delivery.path("status").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                delivery = onB.get("/api/hooks/deliveries?flowId=hooked").json().get(0);
            }
            assertThat(delivery.path("status").asText()).as(delivery.toString()).isEqualTo("PROCESSED");
            assertThat(onB.get("/api/flows/hooked/executions").json()).hasSize(1);
        } finally {
            if (a.isRunning()) {
                a.getApplicationContext().close();
            }
            if (b != null) {
                b.getApplicationContext().close();
            }
        }
    }

    @Test
    void theWorkOfANodeWhoseHeartbeatEndedIsTakenOverAfterTheTimeout() throws Exception {
        EmbeddedServer b = node("node-survivor");
        try {
            Http http = new Http(TestService.baseUrl(b));
            assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("ghostly", "10ms")).status()).isEqualTo(201);
            var ctx = b.getApplicationContext();
            Instant now = Instant.now();
            // a node that crashed just now: its row, one execution it was running, one it had queued
            ctx.getBean(NodeRepository.class).save(new NodeRow("node-crashed", now, now, 200L));
            String trigger = "{\"type\":\"manual\",\"body\":{\"n\":2},\"headers\":{},\"query\":{}}";
            String running = UUID.randomUUID().toString();
            String queued = UUID.randomUUID().toString();
            ExecutionRepository rows = ctx.getBean(ExecutionRepository.class);
            rows.save(new ExecutionRow(running, "ghostly", 1, "RUNNING", trigger, null, null, now, now, null, null, "node-crashed"));
            rows.save(new ExecutionRow(queued, "ghostly", 1, "QUEUED", trigger, null, null, now, null, null, null, "node-crashed"));

            Thread.sleep(1000);                                        // within the timeout: left alone
            assertThat(http.get("/api/executions/" + running).json().path("status").asText()).isEqualTo("RUNNING");
            assertThat(http.get("/api/executions/" + queued).json().path("status").asText()).isEqualTo("QUEUED");

            JsonNode interrupted = await(http, running, status("FAILED"));
            assertThat(interrupted.path("error").path("code").asText()).as(interrupted.toString()).isEqualTo("INTERRUPTED");
            JsonNode resumed = await(http, queued, status("SUCCEEDED"));
            assertThat(resumed.path("output").path("n").asInt()).as(resumed.toString()).isEqualTo(2);
            assertThat(ctx.getBean(NodeRepository.class).findById("node-crashed")).isEmpty();
        } finally {
            b.getApplicationContext().close();
        }
    }
}
