package io.flows.engine.store;

import static io.flows.engine.support.TestFlows.pauseThenDone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stored times are instants: a service that runs in another time zone than the one that wrote them (a restart
 * elsewhere, or another node) reads the same times. The JDBC drivers turn an instant into the JVM zone's wall-clock
 * time, which columns without a time zone kept as it was: a node running in New York wrote heartbeats five hours
 * old, and its live executions were taken over.
 *
 * <p>PostgreSQL only: H2 reads the JVM's zone once per process, so a change of zone within one test JVM does not
 * reach it (checked by hand across processes: an H2 database written in New York and migrated there reads the same
 * instants in UTC).
 */
@Timeout(120)
class TimeZoneTest {

    private final TimeZone original = TimeZone.getDefault();

    @AfterEach
    void restoreZone() {
        TimeZone.setDefault(original);
    }

    @Test
    void timesWrittenInNewYorkReadTheSameInUtc() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, Object> properties = TestService.properties(db);
            TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
            EmbeddedServer newYork = TestService.start(properties);
            Instant before = Instant.now();
            JsonNode ran;
            JsonNode flow;
            try {
                Http http = new Http(TestService.baseUrl(newYork));
                assertThat(http.post("/api/flows", "application/yaml", pauseThenDone("zoned", "10ms")).status())
                        .isEqualTo(201);
                Http.Answer started = http.postJson("/api/flows/zoned/executions?wait=true", "{}");
                assertThat(started.status()).as(started.toString()).isEqualTo(200);
                ran = http.get("/api/executions/" + started.json().path("id").asText()).json();
                flow = http.get("/api/flows/zoned").json();
            } finally {
                newYork.getApplicationContext().close();
            }
            Instant after = Instant.now();
            assertThat(Instant.parse(ran.path("queuedAt").asText())).isBetween(before, after);

            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            EmbeddedServer utc = TestService.start(properties);
            try {
                Http http = new Http(TestService.baseUrl(utc));
                JsonNode again = http.get("/api/executions/" + ran.path("id").asText()).json();
                for (String time : new String[] {"queuedAt", "startedAt", "finishedAt"}) {
                    assertThat(again.path(time).asText()).as(time).isEqualTo(ran.path(time).asText());
                }
                assertThat(http.get("/api/flows/zoned").json().path("updatedAt").asText())
                        .isEqualTo(flow.path("updatedAt").asText());
            } finally {
                utc.getApplicationContext().close();
            }
        }
    }

    @Test
    void aNodeInAnotherZoneWritesHeartbeatsThatOtherNodesReadAsFresh() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            Map<String, Object> properties = TestService.properties(db);
            properties.put("flows.node-heartbeat", "200ms");
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
            EmbeddedServer tokyo = TestService.start(properties);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
                 Statement s = c.createStatement()) {
                Thread.sleep(500); // a few heartbeats
                // the instant the column holds, whatever zone reads it: nine hours ahead before times had a zone
                try (ResultSet r = s.executeQuery("SELECT EXTRACT(EPOCH FROM heartbeat_at) FROM nodes")) {
                    assertThat(r.next()).isTrue();
                    Instant heartbeat = Instant.ofEpochMilli(Math.round(r.getDouble(1) * 1000));
                    assertThat(Duration.between(heartbeat, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
                }
            } finally {
                tokyo.getApplicationContext().close();
            }
        }
    }
}
