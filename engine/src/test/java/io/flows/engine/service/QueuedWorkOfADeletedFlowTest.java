package io.flows.engine.service;

import static io.flows.engine.support.TestFlows.pauseThenDone;
import static io.flows.engine.support.TestFlows.startAsync;
import static io.flows.engine.support.TestFlows.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.secrets.Redactor;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deleting a flow stops the work it accepted and had not begun: its queued executions (REST starts, webhook
 * deliveries) end FAILED with FLOW_DELETED instead of running the deleted version, also when a flow with the same id
 * was created meanwhile.
 */
@Timeout(120)
class QueuedWorkOfADeletedFlowTest {

    private static TestDatabase db;
    private static EmbeddedServer server;
    private static Http http;

    /** One place to run: an execution of a pausing flow holds it, and the next ones wait in line. */
    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.h2();
        Map<String, Object> properties = TestService.properties(db);
        properties.put("flows.max-running", 1);
        server = TestService.start(properties);
        http = new Http(TestService.baseUrl(server));
    }

    @AfterAll
    static void stop() throws Exception {
        server.getApplicationContext().close();
        db.close();
    }

    @Test
    void queuedExecutionsOfADeletedFlowEndFlowDeletedAndNeverRun() throws Exception {
        create("busy", "1s");
        create("doomed", "10ms");
        create("kept", "10ms");

        startAsync(http, "busy");                                     // holds the only place
        List<String> doomed = List.of(startAsync(http, "doomed"), startAsync(http, "doomed"));
        String kept = startAsync(http, "kept");
        assertThat(http.get("/api/executions/" + doomed.get(0)).json().path("status").asText()).isEqualTo("QUEUED");

        assertThat(http.delete("/api/flows/doomed").status()).isEqualTo(204);
        // a new flow under the same id is not the flow the work was accepted for
        create("doomed", "10ms");

        for (String id : doomed) {
            JsonNode e = awaitEnd(http, id);
            assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("FAILED");
            assertThat(e.path("error").path("code").asText()).isEqualTo("FLOW_DELETED");
            assertThat(e.path("steps")).as("nothing ran").isEmpty();
        }
        assertThat(awaitEnd(http, kept).path("status").asText()).as("the line goes on").isEqualTo("SUCCEEDED");
    }

    @Test
    void anExecutionEndedBeforeItRanIsStoredWithItsSecretsMasked() throws Exception {
        String secret = "queued-secret-" + System.nanoTime();
        Redactor.shared().add(secret);
        create("busy-again", "1s");
        create("waiting", "10ms");
        startAsync(http, "busy-again");                               // holds the only place
        String cancelled = http.postJson("/api/flows/waiting/executions", "{\"token\":\"" + secret + "\"}")
                .json().path("id").asText();
        String orphaned = http.postJson("/api/flows/waiting/executions", "{\"token\":\"" + secret + "\"}")
                .json().path("id").asText();
        assertThat(http.post("/api/executions/" + cancelled + "/cancel", "application/json", "")
                .json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(http.delete("/api/flows/waiting").status()).isEqualTo(204);
        assertThat(awaitEnd(http, orphaned).path("error").path("code").asText()).isEqualTo("FLOW_DELETED");

        for (String id : List.of(cancelled, orphaned)) {
            assertThat(storedTrigger(id)).as("stored trigger of %s", id).contains("token").doesNotContain(secret);
        }
    }

    private static void create(String id, String pause) {
        assertThat(http.post("/api/flows", "application/yaml", pauseThenDone(id, pause)).status()).isEqualTo(201);
    }

    private static String storedTrigger(String id) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
             PreparedStatement q = c.prepareStatement("SELECT trigger_json FROM executions WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                assertThat(r.next()).as("execution %s is stored", id).isTrue();
                return r.getString(1);
            }
        }
    }
}
