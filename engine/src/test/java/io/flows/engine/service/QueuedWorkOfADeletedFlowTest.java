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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deleting a flow stops the work it accepted and had not begun: its queued executions (REST starts, webhook
 * deliveries) end FAILED with FLOW_DELETED instead of running the deleted version, also when a flow with the same id
 * was created meanwhile.
 */
@Timeout(120)
class QueuedWorkOfADeletedFlowTest {

    @Test
    void queuedExecutionsOfADeletedFlowEndFlowDeletedAndNeverRun() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> properties = TestService.properties(db);
            properties.put("flows.max-running", 1);
            EmbeddedServer server = TestService.start(properties);
            try {
                Http http = new Http(TestService.baseUrl(server));
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("busy", "1s")).status()).isEqualTo(201);
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("doomed", "10ms")).status()).isEqualTo(201);
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("kept", "10ms")).status()).isEqualTo(201);

                startAsync(http, "busy");                                     // holds the only place
                List<String> doomed = List.of(startAsync(http, "doomed"), startAsync(http, "doomed"));
                String kept = startAsync(http, "kept");
                assertThat(http.get("/api/executions/" + doomed.get(0)).json().path("status").asText()).isEqualTo("QUEUED");

                assertThat(http.delete("/api/flows/doomed").status()).isEqualTo(204);
                // a new flow under the same id is not the flow the work was accepted for
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("doomed", "10ms")).status()).isEqualTo(201);

                for (String id : doomed) {
                    JsonNode e = awaitEnd(http, id);
                    assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("FAILED");
                    assertThat(e.path("error").path("code").asText()).isEqualTo("FLOW_DELETED");
                    assertThat(e.path("steps")).as("nothing ran").isEmpty();
                }
                assertThat(awaitEnd(http, kept).path("status").asText()).as("the line goes on").isEqualTo("SUCCEEDED");
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void anExecutionEndedBeforeItRanIsStoredWithItsSecretsMasked() throws Exception {
        String secret = "queued-secret-" + System.nanoTime();
        Redactor.shared().add(secret);
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> properties = TestService.properties(db);
            properties.put("flows.max-running", 1);
            EmbeddedServer server = TestService.start(properties);
            try {
                Http http = new Http(TestService.baseUrl(server));
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("busy", "1s")).status()).isEqualTo(201);
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("waiting", "10ms")).status()).isEqualTo(201);
                startAsync(http, "busy");                                     // holds the only place
                String cancelled = http.postJson("/api/flows/waiting/executions", "{\"token\":\"" + secret + "\"}")
                        .json().path("id").asText();
                String orphaned = http.postJson("/api/flows/waiting/executions", "{\"token\":\"" + secret + "\"}")
                        .json().path("id").asText();
                assertThat(http.post("/api/executions/" + cancelled + "/cancel", "application/json", "")
                        .json().path("status").asText()).isEqualTo("CANCELLED");
                assertThat(http.delete("/api/flows/waiting").status()).isEqualTo(204);
                assertThat(awaitEnd(http, orphaned).path("error").path("code").asText()).isEqualTo("FLOW_DELETED");

                for (String id : List.of(cancelled, orphaned)) {
                    assertThat(storedTrigger(db, id)).as("stored trigger of %s", id)
                            .contains("token").doesNotContain(secret);
                }
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    private static String storedTrigger(TestDatabase db, String id) throws Exception {
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
